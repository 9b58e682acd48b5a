using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Mail;

namespace Rapport.Platform.Features;

/// <summary>
/// An owner or admin adds a person with an initial password. Someone who already has a login (in
/// another workspace) is not added: a login is theirs, so they are invited instead and join when they
/// accept (signed in, on their invitations page, or by the link mailed to them). The answer has the
/// same shape either way and says nothing of the existing login (no id, no name): only the status
/// "invited" tells the admin that the initial password will not be used.
/// </summary>
public sealed class AddUser(RapportDb db, RequestContext ctx, MailOptions mail)
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
        // The initial password is checked for every e-mail: a 400 only for new ones would tell who has a login.
        if (PasswordPolicy.Problem(r.Password, email) is { } problem) throw new ValidationFailedException("password", problem);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
        {
            user = new User { Email = email, Name = r.Name!.Trim(), CreatedAt = now, PasswordChangedAt = now };
            user.PasswordHash = PasswordPolicy.Hasher.HashPassword(user, r.Password!);
            db.Users.Add(user);
        }
        else if (await db.Memberships.AnyAsync(m => m.UserId == user.Id, ct))
        {
            throw new ConflictException("This person is already a member of the workspace.");
        }
        else
        {
            // The invitation is audited as created, like any other.
            var invitation = await InviteUser.CreateAsync(db, ctx, mail, email, r.Role!, ct);
            await db.SaveChangesAsync(ct);
            return new MemberDto(invitation.Id, email, r.Name!.Trim(), invitation.Role, null, false, now, null, "invited");
        }
        var membership = new Membership { WorkspaceId = ctx.WorkspaceId, UserId = user.Id, Role = r.Role!, TeamId = r.TeamId, CreatedAt = now, User = user };
        db.Memberships.Add(membership);
        db.Publish(new MemberAdded(membership.Id, user.Id, membership.Role));
        await db.SaveChangesAsync(ct);
        return MemberDto.From(membership);
    }

    internal static void EnsureMayGrant(RequestContext ctx, string role)
    {
        if (role == Roles.Owner && ctx.Role != Roles.Owner) throw new ForbiddenException("Only owners may make someone an owner.");
    }
}
