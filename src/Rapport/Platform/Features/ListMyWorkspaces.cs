using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>The workspaces a user may switch between: their active memberships (found through the global user_id index).</summary>
public sealed class ListMyWorkspaces(RapportDb db)
{
    public sealed record Item(Guid WorkspaceId, string WorkspaceName, string Role);

    public async Task<IReadOnlyList<Item>> HandleAsync(Guid userId, CancellationToken ct)
    {
        var memberships = await ActiveMembershipsAsync(db, userId, ct);
        var ids = memberships.Select(m => m.WorkspaceId).ToList();
        var names = await db.Workspaces.Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        return memberships.Select(m => new Item(m.WorkspaceId, names[m.WorkspaceId], m.Role))
            .OrderBy(i => i.WorkspaceName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Before a workspace is chosen: the only cross-workspace read of memberships, by the indexed user_id.</summary>
    internal static Task<List<Membership>> ActiveMembershipsAsync(RapportDb db, Guid userId, CancellationToken ct) =>
        db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == userId && m.DeactivatedAt == null)
            .OrderBy(m => m.CreatedAt).ToListAsync(ct);

    /// <summary>The role a signed-in user has in a workspace now, or null when they may no longer act there.</summary>
    public static async Task<string?> ActiveRoleAsync(RapportDb db, Guid userId, Guid workspaceId, CancellationToken ct) =>
        await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId && m.DeactivatedAt == null)
            .Select(m => m.Role).SingleOrDefaultAsync(ct);
}
