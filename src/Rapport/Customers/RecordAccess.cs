using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>
/// Record visibility (issue #3): each role sees its own records, its team's, or all of them, as set
/// in Settings (<see cref="Platform.Workspace.RecordVisibility"/>). Every list, search, timeline,
/// export, count and lookup of contacts and accounts goes through here, so one rule applies
/// everywhere; a record out of sight is a 404. "Own" means owned by the acting user (an API key
/// acts for the user who created it); "team" adds records owned by members of the user's team.
/// Records without an owner are visible to every scope.
/// </summary>
public sealed class RecordAccess(RapportDb db, RequestContext ctx)
{
    public const string Own = "own", Team = "team", All = "all";
    public static readonly string[] Scopes = [Own, Team, All];

    /// <summary>The defaults: sales sees own + team; everyone else sees everything.</summary>
    public static string DefaultScope(string role) => role == Roles.Sales ? Team : All;

    private Resolved? resolved;

    private sealed record Resolved(string Scope, Guid[] OwnerIds);

    /// <summary>The scope of the current role, from the workspace setting or the default.</summary>
    public async Task<string> ScopeAsync(CancellationToken ct) => (await ResolveAsync(ct)).Scope;

    /// <summary>Owner ids whose records are visible (plus unowned records); null when the scope is "all".</summary>
    public async Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct)
    {
        var r = await ResolveAsync(ct);
        return r.Scope == All ? null : r.OwnerIds;
    }

    public async Task<IQueryable<Contact>> ContactsAsync(CancellationToken ct)
    {
        var owners = await VisibleOwnerIdsAsync(ct);
        IQueryable<Contact> q = db.Contacts;
        return owners is null ? q : q.Where(c => c.OwnerId == null || owners.Contains(c.OwnerId.Value));
    }

    public async Task<IQueryable<Account>> AccountsAsync(CancellationToken ct)
    {
        var owners = await VisibleOwnerIdsAsync(ct);
        IQueryable<Account> q = db.Accounts;
        return owners is null ? q : q.Where(a => a.OwnerId == null || owners.Contains(a.OwnerId.Value));
    }

    /// <summary>Whether a record with this owner is in sight.</summary>
    public async Task<bool> CanSeeOwnerAsync(Guid? ownerId, CancellationToken ct)
    {
        var owners = await VisibleOwnerIdsAsync(ct);
        return owners is null || ownerId is null || owners.Contains(ownerId.Value);
    }

    /// <summary>The contact, tracked, or a 404 when it does not exist, is in the trash or is out of sight.</summary>
    public async Task<Contact> FindContactAsync(Guid id, CancellationToken ct, bool withDetails = false)
    {
        var q = await ContactsAsync(ct);
        if (withDetails) q = q.Include(c => c.Tags).Include(c => c.Accounts);
        return await q.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("The contact was not found.");
    }

    public async Task<Account> FindAccountAsync(Guid id, CancellationToken ct, bool withDetails = false)
    {
        var q = await AccountsAsync(ct);
        if (withDetails) q = q.Include(a => a.Tags);
        return await q.SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("The account was not found.");
    }

    public async Task EnsureContactVisibleAsync(Guid id, CancellationToken ct)
    {
        var q = await ContactsAsync(ct);
        if (!await q.AnyAsync(c => c.Id == id, ct)) throw new NotFoundException("The contact was not found.");
    }

    public async Task EnsureAccountVisibleAsync(Guid id, CancellationToken ct)
    {
        var q = await AccountsAsync(ct);
        if (!await q.AnyAsync(a => a.Id == id, ct)) throw new NotFoundException("The account was not found.");
    }

    /// <summary>The user the request acts for: the signed-in user, or the creator of the API key.</summary>
    public async Task<Guid?> ActingUserIdAsync(CancellationToken ct)
    {
        if (ctx.UserId is { } u) return u;
        if (ctx.ApiKeyId is not { } keyId) return null;
        return await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.CreatedByUserId).SingleOrDefaultAsync(ct);
    }

    private async Task<Resolved> ResolveAsync(CancellationToken ct)
    {
        if (resolved is not null) return resolved;
        var role = ctx.Role;
        var workspaceId = ctx.WorkspaceId;
        var settings = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.RecordVisibility).SingleOrDefaultAsync(ct);
        var scope = ScopeFor(settings, role);
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

    /// <summary>Reads the workspace's setting JSON (role → scope) for one role, falling back to the default.</summary>
    public static string ScopeFor(string? settingsJson, string role)
    {
        if (!string.IsNullOrEmpty(settingsJson))
        {
            using var doc = JsonDocument.Parse(settingsJson);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(role, out var v)
                && v.ValueKind == JsonValueKind.String && Scopes.Contains(v.GetString()))
                return v.GetString()!;
        }
        return DefaultScope(role);
    }
}
