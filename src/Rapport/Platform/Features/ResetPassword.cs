using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// An owner or admin makes a one-time reset link (valid 24 hours) for a member; the member opens
/// it and chooses a new password. Until e-mail sending exists the link is shown to the admin.
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
        var token = Secrets.NewToken("pwr_");
        var now = db.Now;
        var reset = new PasswordReset { UserId = m.UserId, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = now + ValidFor };
        db.PasswordResets.Add(reset);
        await db.SaveChangesAsync(ct);
        return new OneTimeLinkDto(reset.Id, token, reset.ExpiresAt);
    }

    public async Task<bool> IsValidAsync(string token, CancellationToken ct) => await FindAsync(token, ct) is not null;

    public async Task CompleteAsync(string token, string? newPassword, CancellationToken ct)
    {
        var reset = await FindAsync(token, ct) ?? throw new NotFoundException("This reset link is not valid any more. Ask an admin for a new one.");
        var user = await db.Users.SingleAsync(u => u.Id == reset.UserId, ct);
        if (PasswordPolicy.Problem(newPassword, user.Email) is { } problem) throw new ValidationFailedException("password", problem);
        ChangePassword.SetPassword(db, user, newPassword!);
        reset.UsedAt = db.Now;
        await db.SaveChangesAsync(ct);
    }

    private async Task<PasswordReset?> FindAsync(string token, CancellationToken ct)
    {
        var hash = Secrets.Hash(token);
        var reset = await db.PasswordResets.SingleOrDefaultAsync(r => r.TokenHash == hash, ct);
        return reset is null || reset.UsedAt is not null || reset.ExpiresAt < db.Now ? null : reset;
    }
}
