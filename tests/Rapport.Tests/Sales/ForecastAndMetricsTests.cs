using System.Net;
using System.Text.Json;
using Rapport.Data;
using Rapport.Tests.Activities;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

/// <summary>
/// The forecast and the metrics against a small fixture whose figures were worked out by hand
/// (the arithmetic is in the comments). Base currency USD, 1 EUR = 1.10 USD, no rate for GBP.
/// Pipeline: Qualification 10 %, Discovery 25 %, Proposal 50 %, Negotiation 75 %, Won, Lost.
/// </summary>
public class ForecastAndMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    private sealed record Fixture(RapportApp App, HttpClient Api, Guid OwnerId, Guid RepId, Dictionary<string, string> Deals);

    /// <summary>
    /// 07-01: Alpha 1000 USD, Beta 2000 EUR, Gamma 500 USD, Delta 3000 GBP, all in Qualification.
    /// 07-11: Alpha, Beta → Discovery; Gamma → Lost.
    /// 07-21: Alpha → Proposal; Beta → Won (20 days after creation).
    /// 08-10: Alpha → Won (40 days); Delta → Won (40 days, GBP: no rate).
    ///        New open deals: Epsilon 4000 USD Proposal, close 11-20, commit; Zeta 1000 EUR Negotiation, probability 80,
    ///        close 12-05, bestCase; Eta 600 USD Qualification, close 10-31, owned by the rep; Theta 700 GBP Discovery,
    ///        close 11-01; Iota 300 USD Qualification, no close date.
    /// </summary>
    private static async Task<Fixture> BuildAsync(DatabaseProvider provider)
    {
        var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        var api = app.ApiClient(owner.ApiKey);
        var rep = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Mia Rep");
        await (await api.SendRawAsync(HttpMethod.Put, "/api/v1/exchange-rates", """{"rates":{"EUR":1.10}}""")).ShouldBeAsync(HttpStatusCode.OK);
        var p = await api.AddPipelineAsync();
        app.Clock.Offset = Start - DateTimeOffset.UtcNow;
        var d = new Dictionary<string, string>();
        async Task Add(string name, object body) => d[name] = (await api.AddDealAsync(body)).Str("id");
        await Add("Alpha", new { name = "Alpha", amount = 1000, currency = "USD" });
        await Add("Beta", new { name = "Beta", amount = 2000, currency = "EUR" });
        await Add("Gamma", new { name = "Gamma", amount = 500, currency = "USD" });
        await Add("Delta", new { name = "Delta", amount = 3000, currency = "GBP" });
        app.Clock.Advance(TimeSpan.FromDays(10));
        await api.MoveAsync(d["Alpha"], p["Discovery"]);
        await api.MoveAsync(d["Beta"], p["Discovery"]);
        await api.MoveAsync(d["Gamma"], p["Lost"]);
        app.Clock.Advance(TimeSpan.FromDays(10));
        await api.MoveAsync(d["Alpha"], p["Proposal"]);
        await api.MoveAsync(d["Beta"], p["Won"]);
        app.Clock.Advance(TimeSpan.FromDays(20));
        await api.MoveAsync(d["Alpha"], p["Won"]);
        await api.MoveAsync(d["Delta"], p["Won"]);
        await Add("Epsilon", new { name = "Epsilon", amount = 4000, stageId = p["Proposal"], expectedCloseDate = "2026-11-20", forecastCategory = "commit" });
        await Add("Zeta", new { name = "Zeta", amount = 1000, currency = "EUR", stageId = p["Negotiation"], probability = 80, expectedCloseDate = "2026-12-05", forecastCategory = "bestCase" });
        await Add("Eta", new { name = "Eta", amount = 600, expectedCloseDate = "2026-10-31", ownerId = rep.UserId });
        await Add("Theta", new { name = "Theta", amount = 700, currency = "GBP", stageId = p["Discovery"], expectedCloseDate = "2026-11-01" });
        await Add("Iota", new { name = "Iota", amount = 300 });
        return new Fixture(app, api, owner.UserId, rep.UserId, d);
    }

    private static object Row(JsonElement i) => new
    {
        period = i.Str("period"), count = i.GetProperty("count").GetInt32(), pipeline = i.GetProperty("pipeline").GetDecimal(),
        weighted = i.GetProperty("weighted").GetDecimal(), bestCase = i.GetProperty("bestCase").GetDecimal(),
        commit = i.GetProperty("commit").GetDecimal(), closedWon = i.GetProperty("closedWon").GetDecimal(),
    };

    private static object Row(string period, int count, decimal pipeline, decimal weighted, decimal bestCase, decimal commit, decimal closedWon) =>
        new { period, count, pipeline, weighted, bestCase, commit, closedWon };

    [Theory, SqliteData, PostgresData]
    public async Task The_forecast_matches_the_hand_computed_figures(DatabaseProvider provider)
    {
        var f = await BuildAsync(provider);
        await using var _ = f.App;
        using var api = f.Api;

        var quarter = await (await api.GetAsync("/api/v1/forecast?period=quarter")).ShouldBeAsync(HttpStatusCode.OK);
        quarter.Str("baseCurrency").ShouldBe("USD");
        quarter.GetProperty("items").EnumerateArray().Select(Row).ShouldBe(
        [
            // Q3 closed won: Beta 2000 EUR × 1.10 = 2200 + Alpha 1000 = 3200 (Delta is GBP: unconverted).
            Row("2026-Q3", 0, 0, 0, 0, 0, 3200),
            // Q4 open: Epsilon 4000 + Zeta 1000 × 1.10 = 1100 + Eta 600 = 5700 (Theta is GBP; Iota has no date).
            // weighted: 4000 × 50 % = 2000 + 1100 × 80 % = 880 + 600 × 10 % = 60 → 2940.
            // best case: Epsilon (commit) 4000 + Zeta (bestCase) 1100 = 5100; commit: Epsilon 4000.
            Row("2026-Q4", 3, 5700, 2940, 5100, 4000, 0),
        ]);
        quarter.GetProperty("unconverted").EnumerateArray().Select(u => u.Str("name")).Order().ShouldBe(["Delta", "Theta"]);
        quarter.GetProperty("undated").GetInt32().ShouldBe(1);
        quarter.GetProperty("items")[0].TryGetProperty("ownerId", out var _).ShouldBeFalse();

        var month = await (await api.GetAsync("/api/v1/forecast?period=month")).ShouldBeAsync(HttpStatusCode.OK);
        month.GetProperty("items").EnumerateArray().Select(Row).ShouldBe(
        [
            Row("2026-07", 0, 0, 0, 0, 0, 2200),        // Beta won 07-21
            Row("2026-08", 0, 0, 0, 0, 0, 1000),        // Alpha won 08-10
            Row("2026-10", 1, 600, 60, 0, 0, 0),        // Eta 600 × 10 %
            Row("2026-11", 1, 4000, 2000, 4000, 4000, 0), // Epsilon 4000 × 50 %, commit
            Row("2026-12", 1, 1100, 880, 1100, 0, 0),   // Zeta 1100 × 80 %, best case
        ]);

        // By owner: Eta is the rep's; the rest the owner's.
        var byOwner = await (await api.GetAsync("/api/v1/forecast?period=quarter&groupBy=owner")).ShouldBeAsync(HttpStatusCode.OK);
        var q4 = byOwner.GetProperty("items").EnumerateArray().Where(i => i.Str("period") == "2026-Q4").ToDictionary(i => Guid.Parse(i.Str("ownerId")), Row);
        q4[f.OwnerId].ShouldBe(Row("2026-Q4", 2, 5100, 2880, 5100, 4000, 0));
        q4[f.RepId].ShouldBe(Row("2026-Q4", 1, 600, 60, 0, 0, 0));

        // A range keeps the periods whose dates fall in it.
        var range = await (await api.GetAsync("/api/v1/forecast?period=month&from=2026-10-01&to=2026-11-30")).ShouldBeAsync(HttpStatusCode.OK);
        range.GetProperty("items").EnumerateArray().Select(i => i.Str("period")).ShouldBe(["2026-10", "2026-11"]);

        // Add a GBP rate (1 GBP = 1.25 USD): Delta and Theta now count, nothing is left unconverted.
        await (await api.SendRawAsync(HttpMethod.Put, "/api/v1/exchange-rates", """{"rates":{"EUR":1.10,"GBP":1.25}}""")).ShouldBeAsync(HttpStatusCode.OK);
        var withGbp = await (await api.GetAsync("/api/v1/forecast?period=quarter")).ShouldBeAsync(HttpStatusCode.OK);
        withGbp.GetProperty("unconverted").GetArrayLength().ShouldBe(0);
        // Q3 won + Delta 3000 × 1.25 = 3750 → 6950; Q4 + Theta 700 × 1.25 = 875 (25 %: 218.75).
        withGbp.GetProperty("items").EnumerateArray().Select(Row).ShouldBe([Row("2026-Q3", 0, 0, 0, 0, 0, 6950), Row("2026-Q4", 4, 6575, 3158.75m, 5100, 4000, 0)]);

        await (await api.GetAsync("/api/v1/forecast?period=week")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/forecast?groupBy=stage")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/forecast?from=2026-12-01&to=2026-01-01")).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_metrics_match_the_hand_computed_figures(DatabaseProvider provider)
    {
        var f = await BuildAsync(provider);
        await using var _ = f.App;
        using var api = f.Api;
        var m = await (await api.GetAsync("/api/v1/sales/metrics?from=2026-07-01&to=2026-08-31")).ShouldBeAsync(HttpStatusCode.OK);
        // Closed in the range: won Beta, Alpha, Delta; lost Gamma → 3 / 4 = 75 %.
        m.GetProperty("won").GetInt32().ShouldBe(3);
        m.GetProperty("lost").GetInt32().ShouldBe(1);
        m.GetProperty("winRate").GetDouble().ShouldBe(75.0);
        // Average won size in USD: (2200 + 1000) / 2 = 1600 (Delta has no GBP rate and is listed instead).
        m.GetProperty("averageDealSize").GetDecimal().ShouldBe(1600m);
        m.GetProperty("unconverted").EnumerateArray().Select(u => u.Str("name")).ShouldBe(["Delta"]);
        // Cycle, created → won: Beta 20, Alpha 40, Delta 40 days → 100 / 3 = 33.3.
        m.GetProperty("averageCycleDays").GetDouble().ShouldBe(33.3);
        // Funnel (stages entered from 07-01 to 08-31; advanced = later entered a further stage that is not Lost):
        //   Qualification: Alpha, Beta, Gamma, Delta, Eta, Iota = 6; advanced Alpha, Beta (Discovery), Delta (Won) = 3 → 50 %
        //   Discovery: Alpha, Beta, Theta = 3; advanced Alpha (Proposal), Beta (Won) = 2 → 66.7 %
        //   Proposal: Alpha, Epsilon = 2; advanced Alpha (Won) = 1 → 50 %
        //   Negotiation: Zeta = 1; advanced 0 → 0 %
        m.GetProperty("funnel").EnumerateArray().Select(s => (s.Str("stageName"), s.GetProperty("entered").GetInt32(), s.GetProperty("advanced").GetInt32(), s.GetProperty("rate").GetDouble()))
            .ShouldBe([("Qualification", 6, 3, 50.0), ("Discovery", 3, 2, 66.7), ("Proposal", 2, 1, 50.0), ("Negotiation", 1, 0, 0.0)]);
        // Won by month: July 2200 (Beta), August 1000 (Alpha): growth (1000 − 2200) / 2200 = −54.5 %.
        var months = m.GetProperty("wonByMonth").EnumerateArray().ToList();
        months.Select(x => x.Str("month")).ShouldBe(["2026-07", "2026-08"]);
        months.Select(x => x.GetProperty("amount").GetDecimal()).ShouldBe([2200m, 1000m]);
        months[0].GetProperty("growth").ValueKind.ShouldBe(JsonValueKind.Null);
        months[1].GetProperty("growth").GetDouble().ShouldBe(-54.5);

        // A range with nothing closed: no rates to divide, nulls rather than zeros.
        var empty = await (await api.GetAsync("/api/v1/sales/metrics?from=2026-01-01&to=2026-01-31")).ShouldBeAsync(HttpStatusCode.OK);
        empty.GetProperty("winRate").ValueKind.ShouldBe(JsonValueKind.Null);
        empty.GetProperty("averageDealSize").ValueKind.ShouldBe(JsonValueKind.Null);
        await (await api.GetAsync("/api/v1/sales/metrics?from=2026-09-01&to=2026-08-01")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/sales/metrics?from=yesterday")).ShouldBeAsync(HttpStatusCode.BadRequest);

        // The rep sees only their own deals in the figures (visibility applies).
        var repKey = await f.App.KeyForAsync((await (await api.GetAsync("/api/v1/me")).JsonAsync()).GetProperty("workspaceId").GetGuid(), f.RepId, "sales");
        using var repApi = f.App.ApiClient(repKey);
        var repForecast = await (await repApi.GetAsync("/api/v1/forecast?period=quarter")).ShouldBeAsync(HttpStatusCode.OK);
        repForecast.GetProperty("items").EnumerateArray().Select(Row).ShouldBe([Row("2026-Q4", 1, 600, 60, 0, 0, 0)]);
    }
}
