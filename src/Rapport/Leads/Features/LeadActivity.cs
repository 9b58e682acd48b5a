using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads.Features;

/// <summary>
/// Engagement events posted for a lead (<c>POST /api/v1/leads/{id}/events {"type","occurredAt"}</c>):
/// web visits, e-mail opens and clicks, anything a scoring rule may give points for. The lead is
/// rescored in the same transaction.
/// </summary>
public sealed class RecordLeadEvent(RapportDb db, RequestContext ctx, LeadAccess access, LeadScorer scorer)
{
    public sealed record Request(string? Type, DateTime? OccurredAt, string? Detail);
    public sealed record EventDto(Guid Id, Guid LeadId, string Type, string? Detail, DateTime OccurredAt, int Score);

    public async Task<EventDto> HandleAsync(Guid leadId, Request? request, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var lead = await access.FindAsync(leadId, ct);
        var e = new FieldErrors();
        var type = request?.Type?.Trim();
        if (string.IsNullOrEmpty(type)) e.Add("type", "Is required.");
        else if (type.Length > 50 || !char.IsAsciiLetterLower(type[0]) || !type.All(char.IsAsciiLetterOrDigit)) e.Add("type", "Must be a camelCase event name such as webVisit or emailOpened.");
        else if (LeadEventTypes.System.Contains(type)) e.Add("type", "This type is recorded by Rapport itself.");
        var now = db.Now;
        if (request?.OccurredAt is { } at && at.ToUniversalTime() > now.AddMinutes(5)) e.Add("occurredAt", "Cannot be in the future.");
        if (request?.Detail is { Length: > 500 }) e.Add("detail", "Must be at most 500 characters.");
        e.ThrowIfAny();
        var ev = new LeadEvent
        {
            WorkspaceId = lead.WorkspaceId, LeadId = lead.Id, ContactId = lead.ConvertedContactId, Type = type!, Detail = request?.Detail?.Trim(),
            OccurredAt = request?.OccurredAt?.ToUniversalTime() ?? now, ActorUserId = await access.ActingUserIdAsync(ct), CreatedAt = now,
        };
        db.LeadEvents.Add(ev);
        await scorer.RescoreAsync(lead, $"{LeadScorer.Humanize(ev.Type)}", ct);
        await db.SaveChangesAsync(ct);
        return new EventDto(ev.Id, lead.Id, ev.Type, ev.Detail, ev.OccurredAt, lead.Score);
    }
}

/// <summary>The score explained line by line, recomputed now (decay included); the stored score follows.</summary>
public sealed class ExplainLeadScore(RapportDb db, LeadAccess access, LeadScorer scorer)
{
    public sealed record Result(Guid LeadId, int Score, double HalfLifeDays, IReadOnlyList<LeadScorer.Line> Lines, IReadOnlyList<Change> History);
    public sealed record Change(int OldScore, int NewScore, string Reason, DateTime At);

    public async Task<Result> HandleAsync(Guid id, CancellationToken ct)
    {
        var lead = await access.FindAsync(id, ct);
        var explanation = await scorer.ExplainAsync(lead, ct);
        if (explanation.Score != lead.Score && Roles.CanWrite(db.Request.Role))
        {
            await scorer.RescoreAsync(lead, "decay", ct);
            await db.SaveChangesAsync(ct);
        }
        var history = await db.LeadScoreChanges.AsNoTracking().Where(c => c.LeadId == id).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(50)
            .Select(c => new Change(c.OldScore, c.NewScore, c.Reason, c.CreatedAt)).ToListAsync(ct);
        return new Result(lead.Id, explanation.Score, explanation.HalfLifeDays, explanation.Lines, history);
    }
}

/// <summary>A lead's own timeline: form submissions, events (engagement, assignment, conversion) and score changes, newest first.</summary>
public sealed class GetLeadTimeline(RapportDb db, LeadAccess access, IEnumerable<Records.ITimelineSource> sources)
{
    public sealed record Item(string Type, Guid Id, DateTime OccurredAt, string Title, string? Body, IReadOnlyDictionary<string, object?>? Data);

    public async Task<IReadOnlyList<Item>> HandleAsync(Guid id, int limit, CancellationToken ct)
    {
        await access.FindAsync(id, ct);
        var subs = await db.FormSubmissions.AsNoTracking().Where(s => s.LeadId == id).OrderByDescending(s => s.CreatedAt).Take(limit)
            .Join(db.WebForms.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]), s => s.FormId, f => f.Id, (s, f) => new { s, f.Name }).ToListAsync(ct);
        var events = await db.LeadEvents.AsNoTracking().Where(e => e.LeadId == id).OrderByDescending(e => e.OccurredAt).Take(limit).ToListAsync(ct);
        var scores = await db.LeadScoreChanges.AsNoTracking().Where(c => c.LeadId == id).OrderByDescending(c => c.CreatedAt).Take(limit).ToListAsync(ct);
        var items = new List<Item>();
        items.AddRange(subs.Select(x => new Item("formSubmission", x.s.Id, x.s.CreatedAt, $"Submitted the form '{x.Name}'", null,
            new Dictionary<string, object?> { ["formId"] = x.s.FormId, ["values"] = System.Text.Json.Nodes.JsonNode.Parse(x.s.Data), ["consentGiven"] = x.s.ConsentGiven })));
        foreach (var e in events.Where(e => e.Type != LeadEventTypes.FormSubmitted))
        {
            var bookkeeping = e.Type is LeadEventTypes.Assigned or LeadEventTypes.Converted;
            items.Add(bookkeeping
                ? new Item(e.Type, e.Id, e.OccurredAt, e.Detail ?? Capitalize(LeadScorer.Humanize(e.Type)), null, null)
                : new Item("engagement", e.Id, e.OccurredAt, Capitalize(LeadScorer.Humanize(e.Type)), e.Detail, new Dictionary<string, object?> { ["eventType"] = e.Type }));
        }
        items.AddRange(scores.Select(c => new Item("scoreChange", c.Id, c.CreatedAt, $"Score {c.OldScore} → {c.NewScore} ({c.Reason})", null,
            new Dictionary<string, object?> { ["oldScore"] = c.OldScore, ["newScore"] = c.NewScore, ["reason"] = c.Reason })));
        // The notes, tasks and interactions that target the lead, from the timeline sources (asked for the lead's RecordRef).
        var query = Records.TimelineQuery.For([new Records.RecordRef(LeadAccess.RecordType, id)], null, null, null, limit);
        foreach (var source in sources)
            foreach (var t in await source.ReadAsync(query, ct))
                items.Add(new Item(t.Type, t.Id, t.OccurredAt, t.Title, t.Body, t.Data));
        return items.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(limit).ToList();
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>Applies the assignment rules on demand, to one lead or (bulk) up to 1,000.</summary>
public sealed class AssignLeads(RapportDb db, RequestContext ctx, LeadAccess access, LeadAssigner assigner)
{
    public sealed record BulkRequest(IReadOnlyList<Guid>? Ids);
    public sealed record Result(Guid LeadId, bool Assigned, Guid? OwnerId, string? Rule);

    public async Task<Result> HandleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var lead = await access.FindAsync(id, ct);
        var result = await AssignAsync(lead, ct);
        await db.SaveChangesAsync(ct);
        return result;
    }

    public async Task<IReadOnlyList<Result>> HandleAsync(BulkRequest? request, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var ids = request?.Ids ?? throw new ValidationFailedException("ids", "Is required.");
        if (ids.Count is 0 or > 1000) throw new ValidationFailedException("ids", "Give from 1 to 1,000 lead ids.");
        var q = await access.LeadsAsync(ct);
        var leads = new List<Lead>();
        foreach (var chunk in ids.Distinct().Chunk(500)) leads.AddRange(await q.Where(l => chunk.Contains(l.Id)).ToListAsync(ct));
        var results = new List<Result>();
        foreach (var lead in leads) results.Add(await AssignAsync(lead, ct));
        await db.SaveChangesAsync(ct);
        return results;
    }

    private async Task<Result> AssignAsync(Lead lead, CancellationToken ct)
    {
        if (!lead.IsOpen) return new Result(lead.Id, false, lead.OwnerId, null);
        var done = await assigner.ApplyAsync(lead, await access.ActingUserIdAsync(ct), ct);
        if (done) db.Publish(new LeadAssigned(lead.Id, lead.OwnerId));
        return new Result(lead.Id, done, lead.OwnerId, done ? lead.AssignedByRule : null);
    }
}
