using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Records;

namespace Rapport.Customers.Timeline;

/// <summary>
/// Field changes of the contact (and, on an account's timeline, of the account and its contacts),
/// read from the audit log: type "fieldChange", occurredAt = when the change was saved,
/// <c>data = {"entityType": "contact"|"account", "entityId", "changes": {"field": {"old", "new"}}}</c>.
/// Bookkeeping fields (updatedAt, erasedAt, version) are left out; an update that changed only those is not shown.
/// </summary>
public sealed class FieldChangeTimelineSource(RapportDb db) : ITimelineSource
{
    public const string Type = "fieldChange";
    private static readonly string[] EntityTypes = ["contact", "account"];
    private static readonly HashSet<string> Hidden = ["updatedAt", "erasedAt", "version"];

    public IReadOnlyCollection<string> Types { get; } = [Type];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        var ids = query.ContactIds.Select(id => (Guid?)id).ToList();
        if (query.AccountId is { } accountId) ids.Add(accountId);
        if (ids.Count == 0) return [];
        if (ids.Count == 0) return [];
        var items = new List<TimelineItem>();
        var (at, afterId) = (query.BeforeAt, query.BeforeId);
        // Entries that only touched hidden fields are skipped, so read on until the page is full.
        while (items.Count < query.Limit)
        {
            var q = db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.Updated && a.Changes != null && EntityTypes.Contains(a.EntityType));
            var single = ids[0];
            q = ids.Count == 1 ? q.Where(a => a.EntityId == single) : q.Where(a => ids.Contains(a.EntityId));
            if (at is { } t && afterId is { } i) q = q.Where(a => a.CreatedAt < t || (a.CreatedAt == t && a.Id.CompareTo(i) < 0));
            var batch = await q.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(query.Limit).ToListAsync(ct);
            foreach (var entry in batch)
                if (ToItem(entry) is { } item && items.Count < query.Limit) items.Add(item);
            if (batch.Count < query.Limit) break;
            (at, afterId) = (batch[^1].CreatedAt, batch[^1].Id);
        }
        return items;
    }

    private static TimelineItem? ToItem(AuditEntry entry)
    {
        using var doc = JsonDocument.Parse(entry.Changes!);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
        var changes = new Dictionary<string, JsonElement>();
        foreach (var p in doc.RootElement.EnumerateObject())
            if (!Hidden.Contains(p.Name)) changes[p.Name] = p.Value.Clone();
        if (changes.Count == 0) return null;
        var isContact = entry.EntityType == "contact";
        var title = $"{(isContact ? "Contact" : "Account")} changed: {string.Join(", ", changes.Keys)}";
        return new TimelineItem(Type, entry.Id, entry.CreatedAt, title.Length <= 300 ? title : title[..299] + "…", null,
            isContact ? entry.EntityId : null, isContact ? null : entry.EntityId, entry.ActorUserId,
            new Dictionary<string, object?> { ["entityType"] = entry.EntityType, ["entityId"] = entry.EntityId, ["changes"] = changes });
    }
}
