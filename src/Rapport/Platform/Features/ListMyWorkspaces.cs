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
    public static Task<string?> ActiveRoleAsync(RapportDb db, Guid userId, Guid workspaceId, CancellationToken ct) =>
        ActiveRole.For(db)(db, workspaceId, userId, ct);

    /// <summary>When the user's password last changed (the cookie's stamp), or null for an unknown user.</summary>
    public static Task<DateTime?> PasswordChangedAtAsync(RapportDb db, Guid userId, CancellationToken ct) =>
        PasswordChangedAt.For(db)(db, userId, ct);

    // The sign-in cookie is checked with these on every UI request: compiled once.
    private static readonly PerModel<Func<RapportDb, Guid, Guid, CancellationToken, Task<string?>>> ActiveRole = new(() => EF.CompileAsyncQuery(
        (RapportDb db, Guid workspaceId, Guid userId, CancellationToken ct) => db.Memberships.IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId && m.DeactivatedAt == null)
            .Select(m => m.Role).SingleOrDefault()));

    private static readonly PerModel<Func<RapportDb, Guid, CancellationToken, Task<DateTime?>>> PasswordChangedAt = new(() => EF.CompileAsyncQuery(
        (RapportDb db, Guid userId, CancellationToken ct) => db.Users.Where(u => u.Id == userId)
            .Select(u => (DateTime?)u.PasswordChangedAt).SingleOrDefault()));
}
