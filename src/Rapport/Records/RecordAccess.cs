using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Records;

/// <summary>
/// Record visibility (issue #3), for every record type: each role sees its own records, its team's,
/// or all of them, as set in Settings (<see cref="Platform.Workspace.RecordVisibility"/>). "Own" means
/// owned by the acting user (an API key acts for the user who created it); "team" adds records owned
/// by members of the user's team. Records without an owner are visible to every scope. Each module
/// applies it to its own records (Customers' <c>CustomerAccess</c>, <c>DealAccess</c>, <c>LeadAccess</c>);
/// <see cref="EnsureVisibleAsync"/> applies it to any registered <see cref="RecordRef"/>.
/// </summary>
public sealed class RecordAccess(RapportDb db, RequestContext ctx, RecordTypes types)
{
    private const string Own = Platform.RecordVisibility.Own, Team = Platform.RecordVisibility.Team, All = Platform.RecordVisibility.All;

    private Resolved? resolved;
    private Guid? actor;
    private bool actorKnown;

    private static readonly PerModel<Func<RapportDb, Guid, CancellationToken, Task<string?>>> VisibilitySetting = new(() => EF.CompileAsyncQuery(
        (RapportDb db, Guid id, CancellationToken ct) => db.Workspaces.Where(w => w.Id == id).Select(w => w.RecordVisibility).SingleOrDefault()));

    private sealed record Resolved(string Scope, Guid[] OwnerIds);

    public RecordTypes Types => types;

    /// <summary>The scope of the current role, from the workspace setting or the default.</summary>
    public async Task<string> ScopeAsync(CancellationToken ct) => (await ResolveAsync(ct)).Scope;

    /// <summary>Owner ids whose records are visible (plus unowned records); null when the scope is "all".</summary>
    public async Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct)
    {
        var r = await ResolveAsync(ct);
        return r.Scope == All ? null : r.OwnerIds;
    }

    /// <summary>Whether a record with this owner is in sight.</summary>
    public async Task<bool> CanSeeOwnerAsync(Guid? ownerId, CancellationToken ct)
    {
        var owners = await VisibleOwnerIdsAsync(ct);
        return owners is null || ownerId is null || owners.Contains(ownerId.Value);
    }

    /// <summary>
    /// A 404 (or a 400 for an unknown type, under <paramref name="field"/>) unless the record exists
    /// in this workspace, is not in the trash and is in sight.
    /// </summary>
    public async Task EnsureVisibleAsync(RecordRef r, CancellationToken ct, string field = "targets")
    {
        var type = types.Find(r.Type) ?? throw new ValidationFailedException(field, $"Unknown record type '{r.Type}'.");
        if (!await type.Ids(db).AnyAsync(id => id == r.Id, ct)) throw new NotFoundException($"The {type.Label.ToLowerInvariant()} was not found.");
        var owners = await VisibleOwnerIdsAsync(ct);
        if (owners is not null && await type.OutOfSight(db, owners).AnyAsync(id => id == r.Id, ct))
            throw new NotFoundException($"The {type.Label.ToLowerInvariant()} was not found.");
    }

    /// <summary>The user the request acts for: the signed-in user, or the creator of the API key.</summary>
    public async Task<Guid?> ActingUserIdAsync(CancellationToken ct)
    {
        if (ctx.UserId is { } u) return u;
        if (actorKnown) return actor;
        if (ctx.ApiKeyId is not { } keyId) return null;
        actor = await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.CreatedByUserId).SingleOrDefaultAsync(ct);
        actorKnown = true;
        return actor;
    }

    private async Task<Resolved> ResolveAsync(CancellationToken ct)
    {
        if (resolved is not null) return resolved;
        var role = ctx.Role;
        var workspaceId = ctx.WorkspaceId;
        var settings = await VisibilitySetting.For(db)(db, workspaceId, ct);
        var scope = Platform.RecordVisibility.ScopeFor(settings, role);
        if (scope == All) return resolved = new Resolved(All, []);
        var me = await ActingUserIdAsync(ct);
        if (me is not { } userId) return resolved = new Resolved(scope, []);
        if (scope == Own) return resolved = new Resolved(Own, [userId]);
        var teamId = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.TeamId).SingleOrDefaultAsync(ct);
        if (teamId is not { } team) return resolved = new Resolved(Team, [userId]);
        var members = await db.Memberships.Where(m => m.TeamId == team).Select(m => m.UserId).ToListAsync(ct);
        if (!members.Contains(userId)) members.Add(userId);
        return resolved = new Resolved(Team, members.ToArray());
    }
}
