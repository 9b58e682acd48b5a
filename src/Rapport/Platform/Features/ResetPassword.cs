using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;

namespace Rapport.Platform.Features;

/// <summary>
/// An owner or admin makes a one-time reset link (valid 24 hours) for a member, shown to them to pass
/// on; the member opens it and chooses a new password. A login is global, so an admin may do this
/// only for a login that belongs to no other workspace: anyone else resets their own password by
/// e-mail (<see cref="ForgotPassword"/>), or an admin of one workspace could take over the others.
/// </summary>
public sealed class ResetPassword(RapportDb db, RequestContext ctx)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(24);

    public async Task<OneTimeLinkDto> CreateLinkAsync(Guid userId, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var m = await db.Memberships.SingleOrDefaultAsync(x => x.UserId == userId, ct)
            ?? throw new NotFoundException("The member was not found.");
        if (m.Role == Roles.Owner && ctx.Role != Roles.Owner) throw new ForbiddenException("Only owners may reset an owner's password.");
        var workspaceId = ctx.WorkspaceId;
        // The one cross-workspace read here: whether the login belongs anywhere else (deactivated there included).
        if (await db.Memberships.IgnoreQueryFilters().AnyAsync(x => x.UserId == userId && x.WorkspaceId != workspaceId, ct))
            throw new ConflictException("This person's login is also used in another workspace, so only they can reset its password: " +
                                        "\"Forgot your password?\" on the sign-in page sends them a link.");
        var token = Secrets.NewToken("pwr_");
        var now = db.Now;
        var reset = new PasswordReset { UserId = m.UserId, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = now + ValidFor };
        db.PasswordResets.Add(reset);
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId, CreatedAt = now, ActorUserId = ctx.UserId, ActorApiKeyId = ctx.ApiKeyId,
            Action = AuditActions.PasswordResetLinkCreated, EntityType = "user", EntityId = m.UserId,
        });
        await db.SaveChangesAsync(ct);
        return new OneTimeLinkDto(reset.Id, token, reset.ExpiresAt);
    }

    public async Task<bool> IsValidAsync(string token, CancellationToken ct) => await FindAsync(token, ct) is not null;

    public async Task CompleteAsync(string token, string? newPassword, CancellationToken ct)
    {
        var reset = await FindAsync(token, ct) ?? throw new NotFoundException("This reset link is not valid any more. Ask for a new one.");
        var user = await db.Users.SingleAsync(u => u.Id == reset.UserId, ct);
        if (PasswordPolicy.Problem(newPassword, user.Email) is { } problem) throw new ValidationFailedException("password", problem);
        await ChangePassword.SetPasswordAsync(db, user, newPassword!, ct); // spends this link and every other open one
        await db.SaveChangesAsync(ct);
    }

    private async Task<PasswordReset?> FindAsync(string token, CancellationToken ct)
    {
        var hash = Secrets.Hash(token);
        var reset = await db.PasswordResets.SingleOrDefaultAsync(r => r.TokenHash == hash, ct);
        return reset is null || reset.UsedAt is not null || reset.ExpiresAt < db.Now ? null : reset;
    }
}
