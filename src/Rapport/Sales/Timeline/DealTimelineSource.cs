using Microsoft.EntityFrameworkCore;
using Rapport.Customers.Timeline;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Sales.Timeline;

/// <summary>
/// Deal events on the timelines of the deal's contacts and account: type "deal", one item per stay in
/// a stage (the first is "created", then "stageChanged", "won" or "lost"), occurredAt = when the deal
/// entered the stage, <c>data = {"dealId", "event", "stageId", "stageName", "fromStageId", "amount", "currency"}</c>.
/// Only deals in sight of the caller (<see cref="DealAccess"/>) show; deals in the trash do not.
/// </summary>
public sealed class DealTimelineSource(RapportDb db, DealAccess access) : ITimelineSource
{
    public const string Type = "deal";
    public IReadOnlyCollection<string> Types { get; } = [Type];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        if (query.ContactIds.Count == 0 && query.AccountId is null) return [];
        var contactIds = query.ContactIds.ToArray();
        var accountId = query.AccountId;
        var deals = (await access.DealsAsync(db.Deals.AsNoTracking(), ct))
            .Where(d => (accountId != null && d.AccountId == accountId) || db.DealContacts.Any(dc => dc.DealId == d.Id && contactIds.Contains(dc.ContactId)));
        var q = db.DealStageHistory.AsNoTracking().Join(deals, h => h.DealId, d => d.Id, (h, d) => new { h, d.Name, d.AccountId, d.Amount, d.Currency });
        if (query.BeforeAt is { } at && query.BeforeId is { } id)
            q = q.Where(x => x.h.EnteredAt < at || (x.h.EnteredAt == at && x.h.Id.CompareTo(id) < 0));
        var rows = await q.OrderByDescending(x => x.h.EnteredAt).ThenByDescending(x => x.h.Id).Take(query.Limit).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var stageIds = rows.Select(r => r.h.StageId).Distinct().ToList();
        var stages = await db.PipelineStages.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).AsNoTracking()
            .Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var single = contactIds.Length == 1 && accountId is null ? contactIds[0] : (Guid?)null;
        return rows.Select(r =>
        {
            var stage = stages.GetValueOrDefault(r.h.StageId);
            var ev = r.h.FromStageId is null ? "created" : stage?.Type == StageTypes.Won ? "won" : stage?.Type == StageTypes.Lost ? "lost" : "stageChanged";
            var stageName = stage?.Name ?? "(deleted stage)";
            var title = ev switch
            {
                "created" => $"Deal created: {r.Name} ({stageName})",
                "won" => $"Deal won: {r.Name}",
                "lost" => $"Deal lost: {r.Name}",
                _ => $"Deal {r.Name} moved to {stageName}",
            };
            return new TimelineItem(Type, r.h.Id, r.h.EnteredAt, title.Length <= 300 ? title : title[..299] + "…", null, single, r.AccountId, r.h.ChangedByUserId,
                new Dictionary<string, object?>
                {
                    ["dealId"] = r.h.DealId, ["event"] = ev, ["stageId"] = r.h.StageId, ["stageName"] = stageName,
                    ["fromStageId"] = r.h.FromStageId, ["amount"] = r.Amount, ["currency"] = r.Currency,
                });
        }).ToList();
    }
}
