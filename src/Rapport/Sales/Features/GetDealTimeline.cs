using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers.Timeline;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Records;

namespace Rapport.Sales.Features;

/// <summary>
/// A deal's own timeline, newest first: its stage events (type "deal", as on its contacts' timelines),
/// its field changes from the audit log ("fieldChange"), and what the timeline sources hold for the deal's
/// <see cref="RecordRef"/>: the notes, tasks (its follow-ups among them) and interactions that target it.
/// Keyset-paginated like the contact timeline.
/// </summary>
public sealed class GetDealTimeline(RapportDb db, DealAccess access, IEnumerable<ITimelineSource> sources)
{
    private static readonly HashSet<string> Hidden = ["updatedAt", "version", "stageEnteredAt", "stageId", "pipelineId", "wonAt", "lostAt", "forecastCategory", "probabilityOverride"];

    public async Task<Page<TimelineItem>> HandleAsync(Guid dealId, int? limit, string? cursor, CancellationToken ct)
    {
        var take = Paging.ClampLimit(limit);
        DateTime? at = null;
        Guid? before = null;
        if (!string.IsNullOrEmpty(cursor)) (at, before) = Paging.Decode(cursor);
        var deal = await (await access.DealsAsync(db.Deals.AsNoTracking(), ct)).Where(d => d.Id == dealId).Select(d => new { d.Id, d.Name, d.AccountId })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("The deal was not found.");
        var items = new List<TimelineItem>();

        var visits = db.DealStageHistory.AsNoTracking().Where(h => h.DealId == dealId);
        if (at is { } t1 && before is { } b1) visits = visits.Where(h => h.EnteredAt < t1 || (h.EnteredAt == t1 && h.Id.CompareTo(b1) < 0));
        var visitRows = await visits.OrderByDescending(h => h.EnteredAt).ThenByDescending(h => h.Id).Take(take + 1).ToListAsync(ct);
        var stageIds = visitRows.Select(v => v.StageId).Distinct().ToList();
        var stages = await db.PipelineStages.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).AsNoTracking().Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var v in visitRows)
        {
            var stage = stages.GetValueOrDefault(v.StageId);
            var ev = v.FromStageId is null ? "created" : stage?.Type == StageTypes.Won ? "won" : stage?.Type == StageTypes.Lost ? "lost" : "stageChanged";
            var name = stage?.Name ?? "(deleted stage)";
            items.Add(new TimelineItem("deal", v.Id, v.EnteredAt, ev switch { "created" => $"Created in {name}", "won" => "Won", "lost" => "Lost", _ => $"Moved to {name}" },
                null, null, deal.AccountId, v.ChangedByUserId,
                new Dictionary<string, object?> { ["dealId"] = dealId, ["event"] = ev, ["stageId"] = v.StageId, ["stageName"] = name, ["fromStageId"] = v.FromStageId }));
        }

        var audit = db.AuditLog.AsNoTracking().Where(a => a.EntityId == dealId && a.Action == AuditActions.Updated && a.Changes != null);
        if (at is { } t2 && before is { } b2) audit = audit.Where(a => a.CreatedAt < t2 || (a.CreatedAt == t2 && a.Id.CompareTo(b2) < 0));
        foreach (var a in await audit.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(take + 1).ToListAsync(ct))
        {
            using var doc = JsonDocument.Parse(a.Changes!);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
            var changes = doc.RootElement.EnumerateObject().Where(p => !Hidden.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value.Clone());
            if (changes.Count == 0) continue;
            items.Add(new TimelineItem("fieldChange", a.Id, a.CreatedAt, $"Changed: {string.Join(", ", changes.Keys)}", null, null, deal.AccountId, a.ActorUserId,
                new Dictionary<string, object?> { ["entityType"] = "deal", ["entityId"] = dealId, ["changes"] = changes }));
        }

        // Whatever the timeline sources hold for the deal itself: its notes, tasks (the follow-ups among them)
        // and interactions, through the activities' targets.
        var query = TimelineQuery.For([new RecordRef(DealAccess.RecordType, dealId)], null, at, before, take + 1);
        foreach (var source in sources) items.AddRange(await source.ReadAsync(query, ct));

        items.Sort(GetTimeline.NewestFirst);
        if (items.Count <= take) return new Page<TimelineItem>(items, null);
        items.RemoveRange(take, items.Count - take);
        return new Page<TimelineItem>(items, Paging.Encode(items[^1].OccurredAt, items[^1].Id));
    }
}
