using Microsoft.EntityFrameworkCore;
using Rapport.Customers.Timeline;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads;

/// <summary>
/// On a contact's (and its accounts') timeline: web form submissions logged on the contact or made
/// while it was a lead (type "formSubmission"), and the converted lead's other events — engagement,
/// assignment, conversion (type "leadEvent"). Conversion sets their contact_id, so this reads one index.
/// </summary>
public sealed class LeadTimelineSource(RapportDb db) : ITimelineSource
{
    public const string Submission = "formSubmission", Event = "leadEvent";
    public IReadOnlyCollection<string> Types { get; } = [Submission, Event];

    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
    {
        if (query.ContactIds.Count == 0) return [];
        var ids = query.ContactIds.Select(i => (Guid?)i).ToArray();
        var items = new List<TimelineItem>();
        if (query.Types is null || query.Types.Contains(Submission))
        {
            var q = db.FormSubmissions.AsNoTracking().Where(s => ids.Contains(s.ContactId));
            if (query.BeforeAt is { } at && query.BeforeId is { } id) q = q.Where(s => s.CreatedAt < at || (s.CreatedAt == at && s.Id.CompareTo(id) < 0));
            var rows = await q.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(query.Limit)
                .Join(db.WebForms.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]), s => s.FormId, f => f.Id, (s, f) => new { s, f.Name }).ToListAsync(ct);
            items.AddRange(rows.Select(r => new TimelineItem(Submission, r.s.Id, r.s.CreatedAt, $"Submitted the web form '{r.Name}'",
                System.Text.Json.Nodes.JsonNode.Parse(r.s.Data)?["message"]?.GetValue<string>(), r.s.ContactId, null, null,
                new Dictionary<string, object?>
                {
                    ["formId"] = r.s.FormId, ["leadId"] = r.s.LeadId, ["consentGiven"] = r.s.ConsentGiven,
                    ["values"] = System.Text.Json.Nodes.JsonNode.Parse(r.s.Data),
                })));
        }
        if (query.Types is null || query.Types.Contains(Event))
        {
            var q = db.LeadEvents.AsNoTracking().Where(e => ids.Contains(e.ContactId) && e.Type != LeadEventTypes.FormSubmitted);
            if (query.BeforeAt is { } at && query.BeforeId is { } id) q = q.Where(e => e.OccurredAt < at || (e.OccurredAt == at && e.Id.CompareTo(id) < 0));
            var rows = await q.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(query.Limit).ToListAsync(ct);
            items.AddRange(rows.Select(e => new TimelineItem(Event, e.Id, e.OccurredAt,
                e.Type is LeadEventTypes.Assigned or LeadEventTypes.Converted && e.Detail is not null ? $"Lead: {e.Detail}" : $"Lead: {LeadScorer.Humanize(e.Type)}",
                e.Type is LeadEventTypes.Assigned or LeadEventTypes.Converted ? null : e.Detail, e.ContactId, null, e.ActorUserId,
                new Dictionary<string, object?> { ["eventType"] = e.Type, ["leadId"] = e.LeadId })));
        }
        return items.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(query.Limit).ToList();
    }
}
