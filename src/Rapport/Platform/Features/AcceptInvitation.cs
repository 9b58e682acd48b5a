using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// Someone opens an invite link: a new person chooses a name and password; a person who already
/// has a login confirms with their password. Either way they join the workspace with the invited role.
/// </summary>
public sealed class AcceptInvitation(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? Token, string? Name, string? Password);
    public sealed record Preview(string WorkspaceName, string Email, string Role, bool HasAccount);

    public async Task<Preview> PreviewAsync(string token, CancellationToken ct)
    {
        var inv = await FindAsync(token, ct);
        var name = await db.Workspaces.Where(w => w.Id == inv.WorkspaceId).Select(w => w.Name).SingleAsync(ct);
        return new Preview(name, inv.Email, inv.Role, await db.Users.AnyAsync(u => u.Email == inv.Email, ct));
    }

    public async Task<SignIn.Result> HandleAsync(Request r, CancellationToken ct)
    {
        var inv = await FindAsync(r.Token ?? "", ct);
        ctx.Set(inv.WorkspaceId, Roles.Owner);
        var now = db.Now;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == inv.Email, ct);
        if (user is null)
        {
            if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) throw new ValidationFailedException("name", "Your name is required.");
            if (PasswordPolicy.Problem(r.Password, inv.Email) is { } problem) throw new ValidationFailedException("password", problem);
            user = new User { Email = inv.Email, Name = r.Name.Trim(), CreatedAt = now, PasswordChangedAt = now };
            user.PasswordHash = PasswordPolicy.Hasher.HashPassword(user, r.Password!);
            db.Users.Add(user);
        }
        else
        {
            // The link may have been made by an admin who does not own this login: the password is
            // guessed under the same lockout as the sign-in page.
            const string wrong = "Enter the password of your existing account. After 5 failed attempts, it is paused for 15 minutes.";
            if (user.LockoutEnd is { } end && end > now) throw new ValidationFailedException("password", wrong);
            if (string.IsNullOrEmpty(r.Password)
                || PasswordPolicy.Hasher.VerifyHashedPassword(user, user.PasswordHash, r.Password) == Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed)
            {
                SignIn.RecordFailure(user, now);
                await db.SaveChangesAsync(ct);
                throw new ValidationFailedException("password", wrong);
            }
        }
        ctx.Set(inv.WorkspaceId, Roles.Owner, userId: user.Id);
        if (await db.Memberships.AnyAsync(m => m.UserId == user.Id, ct))
            throw new ConflictException("You are already a member of this workspace.");
        db.Memberships.Add(new Membership { WorkspaceId = inv.WorkspaceId, UserId = user.Id, Role = inv.Role, CreatedAt = now });
        inv.AcceptedAt = now;
        await db.SaveChangesAsync(ct);
        return new SignIn.Result(user.Id, user.Name, user.Email, inv.WorkspaceId, inv.Role, user.PasswordChangedAt);
    }

    private async Task<Invitation> FindAsync(string token, CancellationToken ct)
    {
        var hash = Secrets.Hash(token);
        var inv = await db.Invitations.IgnoreQueryFilters().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (inv is null || inv.AcceptedAt is not null || inv.ExpiresAt < db.Now)
            throw new NotFoundException("This invitation link is not valid any more. Ask for a new one.");
        return inv;
    }
}
