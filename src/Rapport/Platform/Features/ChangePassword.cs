using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;

namespace Rapport.Platform.Features;

/// <summary>A signed-in user changes their own password (the current one is required).</summary>
public sealed class ChangePassword(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? CurrentPassword, string? NewPassword);

    /// <summary>Returns the new PasswordChangedAt, so the web layer can re-issue the caller's sign-in cookie.</summary>
    public async Task<DateTime> HandleAsync(Request r, CancellationToken ct)
    {
        var userId = ctx.UserId;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new ForbiddenException("Only a signed-in person can change their password.");
        if (string.IsNullOrEmpty(r.CurrentPassword)
            || PasswordPolicy.Hasher.VerifyHashedPassword(user, user.PasswordHash, r.CurrentPassword) == PasswordVerificationResult.Failed)
            throw new ValidationFailedException("currentPassword", "The current password is not right.");
        if (PasswordPolicy.Problem(r.NewPassword, user.Email) is { } problem)
            throw new ValidationFailedException("newPassword", problem);
        await SetPasswordAsync(db, user, r.NewPassword!, ct);
        await db.SaveChangesAsync(ct);
        return user.PasswordChangedAt;
    }

    /// <summary>
    /// Sets a new password: the lockout is lifted, and every reset link still open for the login is
    /// spent, so a link sent (or shown to an admin) before the change cannot undo it.
    /// </summary>
    internal static async Task SetPasswordAsync(RapportDb db, User user, string password, CancellationToken ct)
    {
        var now = db.Now;
        foreach (var open in await db.PasswordResets.Where(x => x.UserId == user.Id && x.UsedAt == null).ToListAsync(ct))
            open.UsedAt = now;
        user.PasswordHash = PasswordPolicy.Hasher.HashPassword(user, password);
        user.PasswordChangedAt = now;
        user.FailedSignInCount = 0;
        user.FirstFailedSignInAt = null;
        user.LockoutEnd = null;
        if (db.Request.HasWorkspace)
            db.AuditLog.Add(new AuditEntry
            {
                WorkspaceId = db.Request.WorkspaceId, CreatedAt = now, ActorUserId = db.Request.UserId,
                ActorApiKeyId = db.Request.ApiKeyId, Action = AuditActions.PasswordChanged, EntityType = "user", EntityId = user.Id,
            });
    }
}
