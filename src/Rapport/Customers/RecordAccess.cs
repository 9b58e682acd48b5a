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
public sealed class RecordAccess(RapportDb db, RequestContext ctx) : Platform.Features.IRecordVisibility
{
    private const string Own = Platform.RecordVisibility.Own, Team = Platform.RecordVisibility.Team, All = Platform.RecordVisibility.All;

    private Resolved? resolved;

    private static readonly PerModel<Func<RapportDb, Guid, CancellationToken, Task<string?>>> VisibilitySetting = new(() => EF.CompileAsyncQuery(
        (RapportDb db, Guid id, CancellationToken ct) => db.Workspaces.Where(w => w.Id == id).Select(w => w.RecordVisibility).SingleOrDefault()));

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

    /// <summary>For a contact's or account's id: whether it is in sight (trash included). True for other ids.</summary>
    public async Task<bool> CanSeeAsync(Guid entityId, CancellationToken ct)
    {
        var owners = await VisibleOwnerIdsAsync(ct);
        if (owners is null) return true;
        var contactOwner = await db.Contacts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(c => c.Id == entityId)
            .Select(c => new { c.OwnerId }).SingleOrDefaultAsync(ct);
        if (contactOwner is not null) return contactOwner.OwnerId is null || owners.Contains(contactOwner.OwnerId.Value);
        var accountOwner = await db.Accounts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(a => a.Id == entityId)
            .Select(a => new { a.OwnerId }).SingleOrDefaultAsync(ct);
        return accountOwner is null || accountOwner.OwnerId is null || owners.Contains(accountOwner.OwnerId.Value);
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
        var settings = await VisibilitySetting.For(db)(db, workspaceId, ct);
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
    private static string ScopeFor(string? settingsJson, string role) => Platform.RecordVisibility.ScopeFor(settingsJson, role);
}
