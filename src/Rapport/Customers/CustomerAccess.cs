using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>
/// Record visibility (<see cref="RecordAccess"/>: own, team or all per role) applied to contacts and
/// accounts. Every list, search, timeline, export, count and lookup of contacts and accounts goes
/// through here, so one rule applies everywhere; a record out of sight is a 404.
/// </summary>
public sealed class CustomerAccess(RapportDb db, RecordAccess access) : Platform.Features.IRecordVisibility
{
    public RecordAccess Records => access;

    /// <summary>The scope of the current role, from the workspace setting or the default.</summary>
    public Task<string> ScopeAsync(CancellationToken ct) => access.ScopeAsync(ct);

    /// <summary>Owner ids whose records are visible (plus unowned records); null when the scope is "all".</summary>
    public Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct) => access.VisibleOwnerIdsAsync(ct);

    /// <summary>Whether a record with this owner is in sight.</summary>
    public Task<bool> CanSeeOwnerAsync(Guid? ownerId, CancellationToken ct) => access.CanSeeOwnerAsync(ownerId, ct);

    /// <summary>The user the request acts for: the signed-in user, or the creator of the API key.</summary>
    public Task<Guid?> ActingUserIdAsync(CancellationToken ct) => access.ActingUserIdAsync(ct);

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
}
