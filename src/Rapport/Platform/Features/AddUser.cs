using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// An owner or admin adds a person with an initial password. Someone who already has a login (in
/// another workspace) keeps their password and simply joins this workspace.
/// </summary>
public sealed class AddUser(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? Email, string? Name, string? Role, string? Password, Guid? TeamId = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Email).NotEmpty().MaximumLength(320).EmailAddress();
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Role).NotEmpty().Must(Roles.IsValid).WithMessage($"Must be one of: {string.Join(", ", Roles.All)}.");
        }
    }

    public async Task<MemberDto> HandleAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        new Validator().EnsureValid(r);
        EnsureMayGrant(ctx, r.Role!);
        if (r.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            throw new ValidationFailedException("teamId", "No such team.");
        var email = User.NormalizeEmail(r.Email!);
        var now = db.Now;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
        {
            if (PasswordPolicy.Problem(r.Password, email) is { } problem) throw new ValidationFailedException("password", problem);
            user = new User { Email = email, Name = r.Name!.Trim(), CreatedAt = now, PasswordChangedAt = now };
            user.PasswordHash = PasswordPolicy.Hasher.HashPassword(user, r.Password!);
            db.Users.Add(user);
        }
        else if (await db.Memberships.AnyAsync(m => m.UserId == user.Id, ct))
        {
            throw new ConflictException("This person is already a member of the workspace.");
        }
        var membership = new Membership { WorkspaceId = ctx.WorkspaceId, UserId = user.Id, Role = r.Role!, TeamId = r.TeamId, CreatedAt = now, User = user };
        db.Memberships.Add(membership);
        db.Publish("member.added", new { membershipId = membership.Id, userId = user.Id, role = membership.Role });
        await db.SaveChangesAsync(ct);
        return MemberDto.From(membership);
    }

    internal static void EnsureMayGrant(RequestContext ctx, string role)
    {
        if (role == Roles.Owner && ctx.Role != Roles.Owner) throw new ForbiddenException("Only owners may make someone an owner.");
    }
}
