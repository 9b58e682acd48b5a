using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers.Timeline;

/// <summary>
/// A contact's or an account's timeline: every registered <see cref="ITimelineSource"/> merged newest
/// first by (occurredAt, id), keyset-paginated, optionally only some types (<c>?type=note&amp;type=task</c>).
/// A contact's timeline is that contact's items; an account's is the account's items plus those of
/// its contacts (through contact_accounts) that are in sight of the caller. A record out of sight is a 404.
/// </summary>
/// <remarks>
/// Each source is asked for its newest <c>limit + 1</c> items before the cursor; the first
/// <c>limit + 1</c> of their union are then exactly the global ones, so a page never skips an item
/// whichever source it comes from. Sources run one after the other on the scope's one connection.
/// </remarks>
public sealed class GetTimeline(RapportDb db, CustomerAccess access, IEnumerable<ITimelineSource> sources)
{
    /// <summary>Every type some source yields.</summary>
    public IReadOnlyList<string> KnownTypes => sources.SelectMany(s => s.Types).Distinct().Order(StringComparer.Ordinal).ToList();

    public async Task<Page<TimelineItem>> ForContactAsync(Guid contactId, IReadOnlyCollection<string>? types, int? limit, string? cursor, CancellationToken ct)
    {
        var (wanted, take, at, id) = Parse(types, limit, cursor);
        await access.EnsureContactVisibleAsync(contactId, ct);
        return await MergeAsync(new TimelineQuery([contactId], null, wanted, at, id, take + 1), take, ct);
    }

    public async Task<Page<TimelineItem>> ForAccountAsync(Guid accountId, IReadOnlyCollection<string>? types, int? limit, string? cursor, CancellationToken ct)
    {
        var (wanted, take, at, id) = Parse(types, limit, cursor);
        await access.EnsureAccountVisibleAsync(accountId, ct);
        var visible = await access.ContactsAsync(ct);
        var contactIds = await db.ContactAccounts.Where(ca => ca.AccountId == accountId)
            .Where(ca => visible.Any(c => c.Id == ca.ContactId))
            .Select(ca => ca.ContactId).ToListAsync(ct);
        return await MergeAsync(new TimelineQuery(contactIds, accountId, wanted, at, id, take + 1), take, ct);
    }

    private (IReadOnlySet<string>? Types, int Take, DateTime? At, Guid? Id) Parse(IReadOnlyCollection<string>? types, int? limit, string? cursor)
    {
        var take = Paging.ClampLimit(limit);
        HashSet<string>? wanted = null;
        if (types is { Count: > 0 })
        {
            var known = KnownTypes;
            var unknown = types.Where(t => !known.Contains(t)).ToList();
            if (unknown.Count > 0)
                throw new ValidationFailedException("type", $"Unknown type '{unknown[0]}'. Known types: {string.Join(", ", known)}.");
            wanted = types.ToHashSet();
        }
        if (string.IsNullOrEmpty(cursor)) return (wanted, take, null, null);
        var (at, id) = Paging.Decode(cursor);
        return (wanted, take, at, id);
    }

    private async Task<Page<TimelineItem>> MergeAsync(TimelineQuery query, int take, CancellationToken ct)
    {
        var items = new List<TimelineItem>();
        foreach (var source in sources)
        {
            if (query.Types is { } wanted && !source.Types.Any(wanted.Contains)) continue;
            items.AddRange(await source.ReadAsync(query, ct));
        }
        items.Sort(NewestFirst);
        if (items.Count <= take) return new Page<TimelineItem>(items, null);
        items.RemoveRange(take, items.Count - take);
        return new Page<TimelineItem>(items, Paging.Encode(items[^1].OccurredAt, items[^1].Id));
    }

    /// <summary>Newest first by (occurredAt, id); Guid order is the byte order both databases sort by.</summary>
    public static int NewestFirst(TimelineItem a, TimelineItem b)
    {
        var c = b.OccurredAt.CompareTo(a.OccurredAt);
        return c != 0 ? c : b.Id.CompareTo(a.Id);
    }
}
