using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads.Features;

/// <summary>
/// Scoring rules (<c>/api/v1/scoring-rules</c>) and the decay half-life (<c>/api/v1/lead-settings</c>).
/// Fit: <c>{"kind":"fit","field","operator","value","points","label"}</c>; engagement:
/// <c>{"kind":"engagement","eventType","points","label"}</c>. Owners and admins change them; every
/// change rescores the open leads.
/// </summary>
public sealed class ManageScoringRules(RapportDb db, RequestContext ctx, LeadScorer scorer)
{
    public sealed record RuleDto(Guid Id, string Kind, string? Field, string? Operator, string? Value, string? EventType, int Points,
        string? Label, string Description, DateTime CreatedAt, DateTime UpdatedAt, long Version)
    {
        public static RuleDto From(ScoringRule r) => new(r.Id, r.Kind, r.Field, r.Operator, r.Value, r.EventType, r.Points, r.Label,
            r.Label ?? (r.Kind == ScoringKinds.Fit && r.Field is not null && r.Operator is not null
                ? LeadConditions.Describe(new LeadCondition(r.Field, r.Operator, r.Value)) : LeadScorer.Humanize(r.EventType ?? "")),
            r.CreatedAt, r.UpdatedAt, r.Version);
    }

    public sealed record SettingsDto(double HalfLifeDays, long Version);

    public async Task<IReadOnlyList<RuleDto>> ListAsync(CancellationToken ct) =>
        (await db.ScoringRules.AsNoTracking().OrderBy(r => r.Kind).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct)).Select(RuleDto.From).ToList();

    public async Task<RuleDto> GetAsync(Guid id, CancellationToken ct) => RuleDto.From(await FindAsync(id, ct, tracked: false));

    public async Task<RuleDto> CreateAsync(JsonObject body, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var now = db.Now;
        var rule = new ScoringRule { WorkspaceId = ctx.WorkspaceId, CreatedAt = now };
        Apply(rule, body, creating: true);
        rule.UpdatedAt = now;
        db.ScoringRules.Add(rule);
        await db.SaveChangesAsync(ct);
        await RescoreAllAsync(ct);
        return RuleDto.From(rule);
    }

    public async Task<RuleDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var rule = await FindAsync(id, ct, tracked: true);
        if (ifMatch is { } v && v != rule.Version) throw new PreconditionFailedException();
        Apply(rule, patch, creating: false);
        rule.UpdatedAt = db.Now;
        await db.SaveChangesAsync(ct);
        await RescoreAllAsync(ct);
        return RuleDto.From(rule);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var rule = await FindAsync(id, ct, tracked: true);
        db.ScoringRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        await RescoreAllAsync(ct);
    }

    public async Task<SettingsDto> GetSettingsAsync(CancellationToken ct)
    {
        var s = await db.LeadSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return new SettingsDto(s?.HalfLifeDays ?? LeadSettings.DefaultHalfLifeDays, s?.Version ?? 0);
    }

    public async Task<SettingsDto> UpdateSettingsAsync(JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var s = await db.LeadSettings.SingleOrDefaultAsync(ct);
        if (ifMatch is { } v && v != (s?.Version ?? 0)) throw new PreconditionFailedException();
        var e = new FieldErrors();
        foreach (var (k, _) in patch) if (k != "halfLifeDays") e.Add(k, "Unknown field.");
        double? halfLife = null;
        if (patch.ContainsKey("halfLifeDays"))
        {
            var n = JsonInput.Number(patch["halfLifeDays"], "halfLifeDays", e);
            if (n is null && JsonInput.IsNull(patch["halfLifeDays"])) e.Add("halfLifeDays", "Is required.");
            else if (n is { } x && (x <= 0 || x > 3650)) e.Add("halfLifeDays", "Must be more than 0 and at most 3650 days.");
            else halfLife = (double?)n;
        }
        e.ThrowIfAny();
        if (s is null) db.LeadSettings.Add(s = new LeadSettings { WorkspaceId = ctx.WorkspaceId });
        if (halfLife is { } h) s.HalfLifeDays = h;
        await db.SaveChangesAsync(ct);
        await RescoreAllAsync(ct);
        return new SettingsDto(s.HalfLifeDays, s.Version);
    }

    /// <summary>Rescores every open lead, 500 at a time (rules or the half-life changed).</summary>
    public async Task RescoreAllAsync(CancellationToken ct)
    {
        Guid? after = null;
        while (true)
        {
            var q = db.Leads.Where(l => l.Status != LeadStatuses.Converted && l.Status != LeadStatuses.Disqualified);
            if (after is { } a) q = q.Where(l => l.Id.CompareTo(a) > 0);
            var batch = await q.OrderBy(l => l.Id).Take(500).ToListAsync(ct);
            if (batch.Count == 0) return;
            await scorer.RescoreAsync(batch, "scoring rules changed", ct);
            await db.SaveChangesAsync(ct);
            foreach (var l in batch) db.Entry(l).State = EntityState.Detached;
            after = batch[^1].Id;
        }
    }

    private async Task<ScoringRule> FindAsync(Guid id, CancellationToken ct, bool tracked)
    {
        var q = tracked ? db.ScoringRules : db.ScoringRules.AsNoTracking();
        return await q.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("The scoring rule was not found.");
    }

    private static void Apply(ScoringRule r, JsonObject body, bool creating)
    {
        var e = new FieldErrors();
        foreach (var (k, _) in body)
            if (k is not ("kind" or "field" or "operator" or "value" or "eventType" or "points" or "label"))
                e.Add(k, k is "id" or "createdAt" or "updatedAt" or "version" or "description" ? "This field cannot be changed." : "Unknown field.");
        if (creating || body.ContainsKey("kind"))
        {
            var kind = JsonInput.Text(body["kind"], "kind", e, 20, required: true);
            if (kind is not null && !ScoringKinds.All.Contains(kind)) e.Add("kind", "Must be fit or engagement.");
            else if (kind is not null) r.Kind = kind;
        }
        if (creating || body.ContainsKey("points"))
        {
            var p = JsonInput.Number(body["points"], "points", e);
            if (p is null) { if (JsonInput.IsNull(body["points"])) e.Add("points", "Is required."); }
            else if (p < -1000 || p > 1000 || p != decimal.Truncate(p.Value)) e.Add("points", "Must be a whole number from -1000 to 1000.");
            else r.Points = (int)p.Value;
        }
        if (body.ContainsKey("label")) r.Label = JsonInput.Text(body["label"], "label", e, 200);
        if (r.Kind == ScoringKinds.Fit)
        {
            var node = new JsonObject
            {
                ["field"] = body.ContainsKey("field") ? body["field"]?.DeepClone() : r.Field,
                ["operator"] = body.ContainsKey("operator") ? body["operator"]?.DeepClone() : r.Operator,
                ["value"] = body.ContainsKey("value") ? body["value"]?.DeepClone() : r.Value,
            };
            if (body.ContainsKey("eventType") && !JsonInput.IsNull(body["eventType"])) e.Add("eventType", "Fit rules have a field condition, not an event type.");
            var errors = new FieldErrors();
            if (LeadConditions.Read(node, "condition", errors) is { } c) { r.Field = c.Field; r.Operator = c.Operator; r.Value = c.Value; r.EventType = null; }
            foreach (var (path, messages) in errors.Items)
                foreach (var m in messages) e.Add(path.Replace("condition.", ""), m);
        }
        else if (r.Kind == ScoringKinds.Engagement)
        {
            if (creating || body.ContainsKey("eventType"))
            {
                var t = JsonInput.Text(body["eventType"], "eventType", e, 50, required: true);
                if (t is not null && (!char.IsAsciiLetterLower(t[0]) || !t.All(char.IsAsciiLetterOrDigit))) e.Add("eventType", "Must be a camelCase event name such as formSubmitted, emailOpened or webVisit.");
                else if (t is not null) r.EventType = t;
            }
            foreach (var k in new[] { "field", "operator", "value" })
                if (body.ContainsKey(k) && !JsonInput.IsNull(body[k])) e.Add(k, "Engagement rules have an event type, not a field condition.");
            r.Field = r.Operator = r.Value = null;
        }
        e.ThrowIfAny();
    }
}
