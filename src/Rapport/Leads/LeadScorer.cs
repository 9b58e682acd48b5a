using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Leads;

/// <summary>
/// Lead scores: fit (each fit rule whose condition holds adds its points) plus engagement (each
/// event of a type with an engagement rule adds the rule's points × ½^(age in days / half-life)).
/// Every line is rounded to whole points and the score is the sum of the lines shown, so the
/// explanation always adds up. The stored <see cref="Lead.Score"/> is what lists sort by; it is
/// recomputed on every change and event, when rules change, and by <see cref="LeadRescoreWorker"/>
/// as engagement decays. Each change of the stored score leaves a row in <c>lead_score_changes</c>.
/// </summary>
public sealed class LeadScorer(RapportDb db)
{
    public sealed record Line(int Points, string Text, string Kind, Guid RuleId, double? BasePoints = null, DateTime? At = null);
    public sealed record Explanation(int Score, IReadOnlyList<Line> Lines, double HalfLifeDays, DateTime ComputedAt);

    /// <summary>The pure calculation (unit-tested): no database.</summary>
    public static Explanation Compute(Lead lead, IReadOnlyList<ScoringRule> rules, IReadOnlyList<LeadEvent> events, double halfLifeDays, DateTime now)
    {
        var lines = new List<Line>();
        foreach (var r in rules.Where(r => r.Kind == ScoringKinds.Fit))
        {
            if (r.Field is null || r.Operator is null) continue;
            var c = new LeadCondition(r.Field, r.Operator, r.Value);
            if (!c.Matches(lead) || r.Points == 0) continue;
            lines.Add(new Line(r.Points, $"{Signed(r.Points)} {r.Label ?? c.Describe()}", ScoringKinds.Fit, r.Id));
        }
        var byType = rules.Where(r => r.Kind == ScoringKinds.Engagement && r.EventType is not null).GroupBy(r => r.EventType!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var ev in events.OrderByDescending(e => e.OccurredAt))
        {
            if (!byType.TryGetValue(ev.Type, out var matching)) continue;
            foreach (var r in matching)
            {
                var ageDays = Math.Max(0, (now - ev.OccurredAt).TotalDays);
                var factor = Decay(ageDays, halfLifeDays);
                var points = (int)Math.Round(r.Points * factor, MidpointRounding.AwayFromZero);
                if (points == 0) continue;
                var what = r.Label ?? Humanize(ev.Type);
                var text = points == r.Points
                    ? $"{Signed(points)} {what} {Ago(ageDays)}"
                    : $"{Signed(points)} {what} {Ago(ageDays)} ({r.Points.ToString(CultureInfo.InvariantCulture)}, decayed)";
                lines.Add(new Line(points, text, ScoringKinds.Engagement, r.Id, r.Points, ev.OccurredAt));
            }
        }
        return new Explanation(lines.Sum(l => l.Points), lines, halfLifeDays, now);
    }

    /// <summary>½^(age / half-life); no decay when the half-life is 0 or less.</summary>
    public static double Decay(double ageDays, double halfLifeDays) => halfLifeDays <= 0 ? 1 : Math.Pow(0.5, ageDays / halfLifeDays);

    private static string Signed(int p) => p >= 0 ? $"+{p}" : $"−{-p}";

    private static string Ago(double days) => days < 1 ? "today" : days < 2 ? "1 day ago" : $"{(int)Math.Floor(days)} days ago";

    /// <summary>"formSubmitted" → "form submitted", "emailOpened" → "e-mail opened".</summary>
    public static string Humanize(string type)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(type, "(?<=[a-z0-9])([A-Z])", " $1").ToLowerInvariant();
        return words.StartsWith("email ") ? "e-mail " + words[6..] : words;
    }

    public async Task<(IReadOnlyList<ScoringRule> Rules, double HalfLife)> RulesAsync(CancellationToken ct)
    {
        var rules = await db.ScoringRules.AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var halfLife = await db.LeadSettings.AsNoTracking().Select(s => (double?)s.HalfLifeDays).SingleOrDefaultAsync(ct) ?? LeadSettings.DefaultHalfLifeDays;
        return (rules, halfLife);
    }

    public async Task<Explanation> ExplainAsync(Lead lead, CancellationToken ct)
    {
        var (rules, halfLife) = await RulesAsync(ct);
        var events = await EventsAsync([lead.Id], rules, ct);
        return Compute(lead, rules, events.GetValueOrDefault(lead.Id) ?? [], halfLife, db.Now);
    }

    /// <summary>
    /// Recomputes and stores the scores of these (tracked) leads, recording a history row for each
    /// change; events added to the context but not yet saved count too. The caller saves.
    /// </summary>
    public async Task RescoreAsync(IReadOnlyList<Lead> leads, string reason, CancellationToken ct)
    {
        if (leads.Count == 0) return;
        var (rules, halfLife) = await RulesAsync(ct);
        var events = await EventsAsync(leads.Select(l => l.Id).ToList(), rules, ct);
        var now = db.Now;
        foreach (var lead in leads)
        {
            var score = Compute(lead, rules, events.TryGetValue(lead.Id, out var list) ? list : [], halfLife, now).Score;
            if (score == lead.Score) continue;
            db.LeadScoreChanges.Add(new LeadScoreChange
            {
                WorkspaceId = lead.WorkspaceId, LeadId = lead.Id, OldScore = lead.Score, NewScore = score, Reason = reason, CreatedAt = now,
            });
            lead.Score = score;
            lead.ScoredAt = now;
        }
    }

    public Task RescoreAsync(Lead lead, string reason, CancellationToken ct) => RescoreAsync([lead], reason, ct);

    /// <summary>The stored (and pending) events of these leads that engagement rules score, by lead; no query without engagement rules.</summary>
    public async Task<Dictionary<Guid, List<LeadEvent>>> EventsAsync(IReadOnlyList<Guid> leadIds, IReadOnlyList<ScoringRule> rules, CancellationToken ct)
    {
        var types = rules.Where(r => r.Kind == ScoringKinds.Engagement && r.EventType is not null).Select(r => r.EventType!).Distinct().ToList();
        if (types.Count == 0) return [];
        var stored = new List<LeadEvent>();
        foreach (var chunk in leadIds.Chunk(500))
            stored.AddRange(await db.LeadEvents.AsNoTracking().Where(e => chunk.Contains(e.LeadId) && types.Contains(e.Type)).ToListAsync(ct));
        var pending = db.ChangeTracker.Entries<LeadEvent>().Where(x => x.State == EntityState.Added).Select(x => x.Entity)
            .Where(e => leadIds.Contains(e.LeadId) && types.Contains(e.Type));
        return stored.Concat(pending).GroupBy(e => e.LeadId).ToDictionary(g => g.Key, g => g.DistinctBy(e => e.Id).ToList());
    }
}

public static class ScoringKinds
{
    public const string Fit = "fit", Engagement = "engagement";
    public static readonly string[] All = [Fit, Engagement];
}
