using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// The invitations waiting for the signed-in person (to the e-mail of their login), which they
/// accept or decline while signed in: being invited makes nobody a member until they say yes.
/// </summary>
public sealed class MyInvitations(RapportDb db, RequestContext ctx)
{
    public sealed record Item(Guid Id, Guid WorkspaceId, string WorkspaceName, string Role, string? InvitedBy, DateTime ExpiresAt);

    public async Task<IReadOnlyList<Item>> ListAsync(CancellationToken ct)
    {
        if (await MyEmailAsync(ct) is not { } email) return [];
        var now = db.Now;
        // Cross-workspace by design (the invitee is not a member yet): by the login's own e-mail only.
        var pending = await db.Invitations.IgnoreQueryFilters()
            .Where(i => i.Email == email && i.AcceptedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt).ToListAsync(ct);
        if (pending.Count == 0) return [];
        var member = await db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == ctx.UserId).Select(m => m.WorkspaceId).ToListAsync(ct);
        pending = pending.Where(i => !member.Contains(i.WorkspaceId)).DistinctBy(i => i.WorkspaceId).ToList();
        var workspaceIds = pending.Select(i => i.WorkspaceId).ToList();
        var names = await db.Workspaces.Where(w => workspaceIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var inviterIds = pending.Where(i => i.CreatedByUserId != null).Select(i => i.CreatedByUserId!.Value).Distinct().ToList();
        var inviters = await db.Users.Where(u => inviterIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return pending.Select(i => new Item(i.Id, i.WorkspaceId, names[i.WorkspaceId], i.Role,
            i.CreatedByUserId is { } by ? inviters.GetValueOrDefault(by) : null, i.ExpiresAt)).ToList();
    }

    /// <summary>Joins the invitation's workspace with its role; returns the workspace id to switch to.</summary>
    public async Task<Guid> AcceptAsync(Guid invitationId, CancellationToken ct)
    {
        var (inv, userId) = await FindAsync(invitationId, ct);
        var now = db.Now;
        ctx.Set(inv.WorkspaceId, Roles.Owner, userId: userId);
        if (!await db.Memberships.AnyAsync(m => m.UserId == userId, ct))
        {
            var membership = new Membership { WorkspaceId = inv.WorkspaceId, UserId = userId, Role = inv.Role, CreatedAt = now };
            db.Memberships.Add(membership);
            db.Publish(new MemberAdded(membership.Id, userId, membership.Role));
        }
        inv.AcceptedAt = now;
        await db.SaveChangesAsync(ct);
        return inv.WorkspaceId;
    }

    /// <summary>Declining removes the invitation (audited in its workspace); the admin can invite again.</summary>
    public async Task DeclineAsync(Guid invitationId, CancellationToken ct)
    {
        var (inv, userId) = await FindAsync(invitationId, ct);
        ctx.Set(inv.WorkspaceId, Roles.Owner, userId: userId);
        db.Invitations.Remove(inv);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(Invitation, Guid)> FindAsync(Guid invitationId, CancellationToken ct)
    {
        var userId = ctx.UserId ?? throw new ForbiddenException("Sign in to answer an invitation.");
        var email = await MyEmailAsync(ct);
        var now = db.Now;
        var inv = await db.Invitations.IgnoreQueryFilters()
            .SingleOrDefaultAsync(i => i.Id == invitationId && i.Email == email && i.AcceptedAt == null && i.ExpiresAt > now, ct)
            ?? throw new NotFoundException("This invitation is not waiting for you any more.");
        return (inv, userId);
    }

    private async Task<string?> MyEmailAsync(CancellationToken ct) =>
        ctx.UserId is { } id ? await db.Users.Where(u => u.Id == id).Select(u => u.Email).SingleOrDefaultAsync(ct) : null;
}
