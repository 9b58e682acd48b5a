using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Leads;
using Rapport.Leads.Features;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

public class LeadScoringTests
{
    private static Lead Lead(string? title = null, int? employees = null, string? country = null) =>
        new() { FirstName = "A", LastName = "B", Title = title, Employees = employees, Country = country, Source = "web" };

    private static ScoringRule Fit(string field, string op, string? value, int points) => new() { Kind = "fit", Field = field, Operator = op, Value = value, Points = points };
    private static ScoringRule Engagement(string type, int points) => new() { Kind = "engagement", EventType = type, Points = points };
    private static LeadEvent Event(string type, DateTime at) => new() { Type = type, OccurredAt = at };

    [Fact]
    public void Decay_halves_engagement_every_half_life()
    {
        LeadScorer.Decay(0, 10).ShouldBe(1);
        LeadScorer.Decay(10, 10).ShouldBe(0.5, 1e-12);
        LeadScorer.Decay(30, 10).ShouldBe(0.125, 1e-12);
        LeadScorer.Decay(100, 0).ShouldBe(1); // no half-life: no decay
    }

    [Fact]
    public void Fit_and_engagement_lines_explain_the_score_and_add_up()
    {
        var now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        var rules = new[]
        {
            Fit("title", "contains", "director", 15), Fit("employees", "greaterThan", "200", 5), Fit("country", "in", "FR, DE", 7),
            Fit("source", "equals", "event", 50), Engagement("formSubmitted", 10), Engagement("webVisit", 1),
        };
        var events = new[] { Event("formSubmitted", now.AddDays(-3)), Event("webVisit", now.AddHours(-1)), Event("webVisit", now.AddDays(-60)), Event("unscored", now) };
        var e = LeadScorer.Compute(Lead("Sales Director", 500, "DE"), rules, events, 10, now);
        e.Lines.Select(l => l.Text).ShouldBe(
        [
            "+15 job title contains director", "+5 employees greater than 200", "+7 country in FR, DE",
            "+1 web visit today", "+8 form submitted 3 days ago (10, decayed)",
        ]);
        e.Score.ShouldBe(36);
        e.Score.ShouldBe(e.Lines.Sum(l => l.Points));
        LeadScorer.Compute(Lead("Intern", 10, "US"), rules, [], 10, now).Score.ShouldBe(0);
    }

    [Fact]
    public void Conditions_compare_text_ignoring_case_and_numbers_as_numbers()
    {
        var l = Lead("VP Sales", 90, "fr");
        new LeadCondition("title", "equals", "vp sales").Matches(l).ShouldBeTrue();
        new LeadCondition("title", "notEquals", "CEO").Matches(l).ShouldBeTrue();
        new LeadCondition("country", "in", "DE,FR").Matches(l).ShouldBeTrue();
        new LeadCondition("employees", "lessThan", "100").Matches(l).ShouldBeTrue();
        new LeadCondition("employees", "equals", "90.0").Matches(l).ShouldBeTrue();
        new LeadCondition("company", "notEmpty", null).Matches(l).ShouldBeFalse();
        new LeadCondition("company", "empty", null).Matches(l).ShouldBeTrue();
        new LeadCondition("emailDomain", "equals", "acme.example").Matches(new Lead { Email = "x@acme.example" }).ShouldBeTrue();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Scores_follow_rules_events_and_decay_with_history(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Leads:RescoreEnabled"] = "false" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync("/api/v1/lead-settings", new { halfLifeDays = 10 })).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "title", @operator = "contains", value = "Director", points = 15 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "employees", @operator = "greaterThan", value = 200, points = 5 })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "engagement", eventType = "formSubmitted", points = 10 })).ShouldBeAsync(HttpStatusCode.Created);
        var visit = await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "engagement", eventType = "webVisit", points = 2 })).ShouldBeAsync(HttpStatusCode.Created);
        var bad = await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "shoeSize", @operator = "greaterThan", value = "x", points = 1.5 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("field", out _).ShouldBeTrue();
        bad.GetProperty("errors").TryGetProperty("points", out _).ShouldBeTrue();
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "title", @operator = "greaterThan", value = 3, points = 1 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "engagement", points = 1 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PatchJsonAsync("/api/v1/lead-settings", new { halfLifeDays = 0 })).ShouldBeAsync(HttpStatusCode.BadRequest);

        var lead = await (await api.PostJsonAsync("/api/v1/leads", new { firstName = "Dana", lastName = "Director", title = "Sales Director", employees = 500 })).ShouldBeAsync(HttpStatusCode.Created);
        lead.GetProperty("score").GetInt32().ShouldBe(20);
        var id = lead.GetProperty("id").GetString();
        (await (await api.PostJsonAsync($"/api/v1/leads/{id}/events", new { type = "webVisit" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("score").GetInt32().ShouldBe(22);
        (await (await api.PostJsonAsync($"/api/v1/leads/{id}/events", new { type = "formSubmitted" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("score").GetInt32().ShouldBe(32);
        await (await api.PostJsonAsync($"/api/v1/leads/{id}/events", new { type = "assigned" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync($"/api/v1/leads/{id}/events", new { type = "Web visit!" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        app.Clock.Advance(TimeSpan.FromDays(10));
        var score = await (await api.GetAsync($"/api/v1/leads/{id}/score")).ShouldBeAsync(HttpStatusCode.OK);
        score.GetProperty("score").GetInt32().ShouldBe(26); // 15 + 5 + 10/2 + 2/2
        var lines = score.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()).ToList();
        lines.ShouldContain("+15 job title contains Director");
        lines.ShouldContain("+5 form submitted 10 days ago (10, decayed)");
        lines.ShouldContain("+1 web visit 10 days ago (2, decayed)");
        (await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("score").GetInt32().ShouldBe(26);
        score.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("newScore").GetInt32()).ShouldBe([26, 32, 22, 20]);

        // A changed rule rescores; the decay job moves stored scores as time passes.
        await (await api.PatchJsonAsync($"/api/v1/scoring-rules/{visit.GetProperty("id").GetString()}", new { points = 20 })).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("score").GetInt32().ShouldBe(35);
        app.Clock.Advance(TimeSpan.FromDays(30));
        var changed = await app.Services.GetRequiredService<RescoreLeads>().RunOnceAsync(default);
        changed.ShouldBe(1);
        (await (await api.GetAsync($"/api/v1/leads/{id}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("score").GetInt32().ShouldBe(22); // 20 + 1 + 1: four half-lives on, 10/16 and 20/16 round to 1
        var timeline = await (await api.GetAsync($"/api/v1/leads/{id}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        timeline.GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("type").GetString() == "scoreChange");
    }
}
