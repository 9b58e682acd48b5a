using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers.Timeline;

/// <summary>
/// Lifecycle stage changes of the contact(s): type "stageChange", occurredAt = when the stage changed,
/// <c>data = {"fromStage", "toStage"}</c> (fromStage null when the contact entered its first stage).
/// </summary>
public sealed class StageChangeTimelineSource(RapportDb db) : ITimelineSource
{
    public const string Type = "stageChange";

    public IReadOnlyCollection<string> Types { get; } = [Type];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        var ids = query.ContactIds;
        if (ids.Count == 0) return [];
        var q = db.LifecycleStageChanges.AsNoTracking();
        var single = ids[0];
        q = ids.Count == 1 ? q.Where(s => s.ContactId == single) : q.Where(s => ids.Contains(s.ContactId));
        if (query.BeforeAt is { } at && query.BeforeId is { } id)
            q = q.Where(s => s.ChangedAt < at || (s.ChangedAt == at && s.Id.CompareTo(id) < 0));
        var rows = await q.OrderByDescending(s => s.ChangedAt).ThenByDescending(s => s.Id).Take(query.Limit).ToListAsync(ct);
        return rows.Select(s => new TimelineItem(Type, s.Id, s.ChangedAt,
            s.FromStage is null ? $"Stage: {s.ToStage}" : $"Stage: {s.FromStage} → {s.ToStage}", null,
            s.ContactId, null, s.ChangedByUserId,
            new Dictionary<string, object?> { ["fromStage"] = s.FromStage, ["toStage"] = s.ToStage })).ToList();
    }
}
