using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;

namespace Rapport.Activities;

/// <summary>An activity (interaction, note, task) hangs off a contact and/or an account.</summary>
public interface ILinkedToCustomer
{
    Guid Id { get; }
    Guid? ContactId { get; }
    Guid? AccountId { get; }
}

/// <summary>
/// Record visibility applied to activities: an activity is in sight when the contact and the account
/// it is linked to are (<see cref="CustomerAccess"/>: own, team or all). A task is also in sight of
/// its assignee. Linking to a record out of sight (or of another workspace) is a 404, like reading it.
/// </summary>
public sealed class ActivityAccess(RapportDb db, CustomerAccess access, ActivityTargets targets)
{
    private Guid? actingUser;
    private bool actingUserKnown;

    /// <summary>The person the request acts for (an API key acts for its creator); null for system work.</summary>
    public async Task<Guid?> ActingUserIdAsync(CancellationToken ct)
    {
        if (!actingUserKnown)
        {
            actingUser = await access.ActingUserIdAsync(ct);
            actingUserKnown = true;
        }
        return actingUser;
    }

    /// <summary>The acting user, or a 404 for a caller that is nobody (a key without a creator has no inbox).</summary>
    public async Task<Guid> RequireActingUserAsync(CancellationToken ct) =>
        await ActingUserIdAsync(ct) ?? throw new NotFoundException("This API key acts for no user, so it has no notifications or tasks of its own.");

    public Task<IQueryable<Contact>> VisibleContactsAsync(CancellationToken ct) => access.ContactsAsync(ct);

    public async Task EnsureLinksVisibleAsync(Guid? contactId, Guid? accountId, CancellationToken ct)
    {
        if (contactId is { } c) await access.EnsureContactVisibleAsync(c, ct);
        if (accountId is { } a) await access.EnsureAccountVisibleAsync(a, ct);
    }

    /// <summary>The activities whose linked records are in sight (all of them for the "all" scope).</summary>
    public async Task<IQueryable<T>> VisibleAsync<T>(IQueryable<T> query, CancellationToken ct) where T : class, ILinkedToCustomer
    {
        var owners = await access.VisibleOwnerIdsAsync(ct);
        if (owners is null) return query;
        // Owner rules only: an activity of a contact in the trash keeps the contact's visibility.
        var contacts = db.Contacts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]);
        var accounts = db.Accounts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]);
        query = query.Where(x =>
            (x.ContactId == null || contacts.Any(c => c.Id == x.ContactId && (c.OwnerId == null || owners.Contains(c.OwnerId.Value))))
            && (x.AccountId == null || accounts.Any(a => a.Id == x.AccountId && (a.OwnerId == null || owners.Contains(a.OwnerId.Value)))));
        // And every other target (a deal, a lead) in sight by its type's rule.
        return targets.InSight(query, ActivityTypes.Of<T>(), owners);
    }

    /// <summary>Tasks in sight: by their linked records, or because they are assigned to the acting user.</summary>
    public async Task<IQueryable<CrmTask>> VisibleTasksAsync(IQueryable<CrmTask> query, CancellationToken ct)
    {
        var owners = await access.VisibleOwnerIdsAsync(ct);
        if (owners is null) return query;
        var me = await ActingUserIdAsync(ct);
        var contacts = db.Contacts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]);
        var accounts = db.Accounts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]);
        var linked = targets.InSight(db.Tasks.Where(x =>
            (x.ContactId == null || contacts.Any(c => c.Id == x.ContactId && (c.OwnerId == null || owners.Contains(c.OwnerId.Value))))
            && (x.AccountId == null || accounts.Any(a => a.Id == x.AccountId && (a.OwnerId == null || owners.Contains(a.OwnerId.Value))))),
            ActivityTypes.Task, owners).Select(x => x.Id);
        return query.Where(x => (me != null && x.AssigneeId == me) || linked.Contains(x.Id));
    }

    /// <summary>The UI page an activity belongs to: its contact's, else its account's.</summary>
    public static string? PageOf(Guid? contactId, Guid? accountId) =>
        contactId is { } c ? $"/contacts/{c}" : accountId is { } a ? $"/accounts/{a}" : null;

    /// <summary>The page of an activity: its contact's, else its account's, else its first other target's (a deal's, a lead's).</summary>
    public string? PageOf(Guid? contactId, Guid? accountId, IEnumerable<Records.RecordRef> others, Records.RecordTypes types) =>
        PageOf(contactId, accountId) ?? others.Select(types.PageOf).FirstOrDefault(p => p is not null);

    public static string Excerpt(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : flat[..(max - 1)] + "…";
    }
}
