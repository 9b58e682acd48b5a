using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// Every workspace on this server with its number of active members: for the server's operator
/// (the CLI), who holds the database, not for any workspace's users.
/// </summary>
public sealed class ListAllWorkspaces(RapportDb db)
{
    public sealed record Item(Guid Id, string Name, DateTime CreatedAt, int ActiveMembers);

    public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct)
    {
        var workspaces = await db.Workspaces.AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(ct);
        var members = await db.Memberships.IgnoreQueryFilters().Where(m => m.DeactivatedAt == null)
            .GroupBy(m => m.WorkspaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return workspaces.Select(w => new Item(w.Id, w.Name, w.CreatedAt, members.GetValueOrDefault(w.Id))).ToList();
    }
}
