using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;

namespace Rapport.Platform.Features;

/// <summary>
/// Checks an e-mail and password. 5 failures within 15 minutes lock the account for 15 minutes
/// (PRODUCT.md); a deactivated member cannot sign in to that workspace, and someone with no active
/// membership cannot sign in at all. Success and failure are audited in the workspace concerned.
/// </summary>
public sealed class SignIn(RapportDb db, RequestContext ctx)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public sealed record Request(string? Email, string? Password, Guid? PreferredWorkspaceId = null);
    public sealed record Result(Guid UserId, string Name, string Email, Guid WorkspaceId, string Role, DateTime PasswordChangedAt);

    public async Task<Result> HandleAsync(Request r, CancellationToken ct)
    {
        // One answer for every failure (unknown e-mail, wrong password, locked login): a different word
        // for a locked account would tell an outsider which e-mails have a login here.
        const string wrong = "The e-mail or password is not right. After 5 failed attempts, signing in is paused for 15 minutes.";
        if (string.IsNullOrWhiteSpace(r.Email) || string.IsNullOrEmpty(r.Password) || r.Email.Contains('\0') || r.Email.Length > 320)
            throw new AuthenticationFailedException(wrong);
        var email = User.NormalizeEmail(r.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
        {
            // Same work as a real check, so timing does not reveal which e-mails exist.
            PasswordPolicy.Hasher.VerifyHashedPassword(new User(), DummyHash, r.Password);
            throw new AuthenticationFailedException(wrong);
        }
        var now = db.Now;
        var memberships = await ListMyWorkspaces.ActiveMembershipsAsync(db, user.Id, ct);
        var chosen = memberships.FirstOrDefault(m => m.WorkspaceId == r.PreferredWorkspaceId) ?? memberships.FirstOrDefault();

        if (user.LockoutEnd is { } end && end > now)
            throw new AuthenticationFailedException(wrong);

        var verdict = PasswordPolicy.Hasher.VerifyHashedPassword(user, user.PasswordHash, r.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            RecordFailure(user, now);
            if (chosen is not null) Audit(chosen.WorkspaceId, user.Id, AuditActions.SignInFailed, now);
            await db.SaveChangesAsync(ct);
            throw new AuthenticationFailedException(wrong);
        }
        if (chosen is null)
            throw new AuthenticationFailedException("Your account is deactivated in every workspace. Ask an admin to reactivate it.");

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = PasswordPolicy.Hasher.HashPassword(user, r.Password);
        user.FailedSignInCount = 0;
        user.FirstFailedSignInAt = null;
        user.LockoutEnd = null;
        Audit(chosen.WorkspaceId, user.Id, AuditActions.SignedIn, now);
        await db.SaveChangesAsync(ct);
        return new Result(user.Id, user.Name, user.Email, chosen.WorkspaceId, chosen.Role, user.PasswordChangedAt);
    }

    /// <summary>Counts a wrong password against the login (also when an invitation asks for it): the 5th in 15 minutes locks it.</summary>
    internal static void RecordFailure(User user, DateTime now)
    {
        if (user.FirstFailedSignInAt is null || now - user.FirstFailedSignInAt > Window)
        {
            user.FirstFailedSignInAt = now;
            user.FailedSignInCount = 0;
        }
        user.FailedSignInCount++;
        if (user.FailedSignInCount >= MaxFailures)
        {
            user.LockoutEnd = now + LockoutDuration;
            user.FailedSignInCount = 0;
            user.FirstFailedSignInAt = null;
        }
    }

    private void Audit(Guid workspaceId, Guid userId, string action, DateTime now)
    {
        ctx.Set(workspaceId, ctx.Role, userId: userId);
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId, CreatedAt = now, ActorUserId = userId,
            Action = action, EntityType = "user", EntityId = userId,
        });
    }

    private static readonly string DummyHash = PasswordPolicy.Hasher.HashPassword(new User(), "not-a-real-password-at-all");
}
