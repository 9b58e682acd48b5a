using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Platform.Mail;

namespace Rapport.Platform.Features;

/// <summary>
/// "Forgot your password?": a person asks for a reset link for their own login, and it is mailed to
/// the address of that login, never shown. The answer is the same whether the address has a login
/// or not, so the page tells nobody which e-mails exist. The request is audited in the workspace the
/// person would sign in to; the mail goes through that workspace's outbox.
/// </summary>
public sealed class ForgotPassword(RapportDb db, RequestContext ctx, MailOptions mail)
{
    public async Task RequestAsync(string? email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 320 || email.Contains('\0')) return;
        var normalized = User.NormalizeEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, ct);
        if (user is null) return;
        var workspaceId = (await ListMyWorkspaces.ActiveMembershipsAsync(db, user.Id, ct)).Select(m => (Guid?)m.WorkspaceId).FirstOrDefault();
        if (workspaceId is null) return; // deactivated everywhere: a new password would not let them in
        ctx.SetSystem(workspaceId.Value);
        var token = Secrets.NewToken("pwr_");
        var now = db.Now;
        db.PasswordResets.Add(new PasswordReset { UserId = user.Id, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = now + ResetPassword.ValidFor });
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId.Value, CreatedAt = now, ActorUserId = user.Id,
            Action = AuditActions.PasswordResetRequested, EntityType = "user", EntityId = user.Id,
        });
        MailPayload.Queue(db, user.Email, "Reset your Rapport password",
            $"Hello {user.Name},\n\nSomeone (hopefully you) asked to reset the password of your Rapport login {user.Email}.\n" +
            $"Choose a new password here within 24 hours:\n\n{mail.Url($"/reset/{token}")}\n\n" +
            "If you did not ask for this, ignore this mail: your password stays as it is.\n");
        await db.SaveChangesAsync(ct);
    }
}
