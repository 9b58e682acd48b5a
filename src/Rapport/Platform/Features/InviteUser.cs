using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Mail;

namespace Rapport.Platform.Features;

/// <summary>
/// An owner or admin makes an invite link (valid 7 days) for an e-mail address and role. Until
/// e-mail sending exists the link is shown to the admin to pass on.
/// </summary>
public sealed class InviteUser(RapportDb db, RequestContext ctx)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);
    public sealed record Request(string? Email, string? Role);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Email).NotEmpty().MaximumLength(320).EmailAddress();
            RuleFor(x => x.Role).NotEmpty().Must(Roles.IsValid).WithMessage($"Must be one of: {string.Join(", ", Roles.All)}.");
        }
    }

    public async Task<OneTimeLinkDto> HandleAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        new Validator().EnsureValid(r);
        AddUser.EnsureMayGrant(ctx, r.Role!);
        var email = User.NormalizeEmail(r.Email!);
        var existing = await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
        if (existing is { } uid && await db.Memberships.AnyAsync(m => m.UserId == uid, ct))
            throw new ConflictException("This person is already a member of the workspace.");
        var token = Secrets.NewToken("inv_");
        var now = db.Now;
        var invitation = new Invitation
        {
            WorkspaceId = ctx.WorkspaceId, Email = email, Role = r.Role!, TokenHash = Secrets.Hash(token),
            CreatedByUserId = ctx.UserId, CreatedAt = now, ExpiresAt = now + ValidFor,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return new OneTimeLinkDto(invitation.Id, token, invitation.ExpiresAt);
    }

    /// <summary>
    /// An invitation for someone who already has a login, made when an admin "adds" them: its link is
    /// mailed to that login's address and never shown to the admin (opening it asks for the login's
    /// password); signed in, they also find it on their invitations page. Saved by the caller.
    /// </summary>
    internal static async Task<Invitation> CreateAsync(RapportDb db, RequestContext ctx, MailOptions mail, string email, string role, CancellationToken ct)
    {
        var token = Secrets.NewToken("inv_");
        var now = db.Now;
        var invitation = new Invitation
        {
            WorkspaceId = ctx.WorkspaceId, Email = email, Role = role, TokenHash = Secrets.Hash(token),
            CreatedByUserId = ctx.UserId, CreatedAt = now, ExpiresAt = now + ValidFor,
        };
        db.Invitations.Add(invitation);
        var workspace = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).SingleAsync(ct);
        var by = ctx.UserId is { } uid ? await db.Users.Where(u => u.Id == uid).Select(u => u.Name).SingleOrDefaultAsync(ct) : null;
        MailPayload.Queue(db, email, $"You are invited to {workspace} on Rapport",
            $"{by ?? "An admin"} invited you to join the workspace {workspace} on Rapport as {Roles.Label(role)}.\n\n" +
            $"Sign in with your existing login and accept it under Invitations, or open this link within 7 days:\n\n{mail.Url($"/invite/{token}")}\n\n" +
            "If you do not want to join, ignore this mail or decline the invitation.\n");
        return invitation;
    }
}
