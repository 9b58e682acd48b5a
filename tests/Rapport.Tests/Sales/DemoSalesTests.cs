using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Demo;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

public class DemoSalesTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Demo_data_has_a_pipeline_with_150_deals_whose_history_fills_the_forecast_and_the_metrics(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<SeedDemoData>().HandleAsync(default));
        using var api = app.ApiClient(owner.ApiKey);

        var pipelines = (await (await api.GetAsync("/api/v1/pipelines")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items");
        pipelines.GetArrayLength().ShouldBe(1);
        pipelines[0].Str("name").ShouldBe("New business");
        pipelines[0].GetProperty("stages").EnumerateArray().Select(s => $"{s.Str("name")} {s.GetProperty("probability").GetInt32()}")
            .ShouldBe(["Qualification 10", "Discovery 25", "Proposal 50", "Negotiation 75", "Won 100", "Lost 0"]);

        var deals = new List<System.Text.Json.JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await api.GetAsync($"/api/v1/deals?limit=200{(cursor is null ? "" : $"&cursor={cursor}")}")).ShouldBeAsync(HttpStatusCode.OK);
            deals.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.Str("nextCursor");
        } while (cursor is not null);
        deals.Count.ShouldBe(DemoSales.DealCount);
        var byStatus = deals.GroupBy(d => d.Str("status")).ToDictionary(g => g.Key, g => g.Count());
        byStatus.Keys.Order().ShouldBe(["lost", "open", "won"]);
        byStatus["won"].ShouldBeGreaterThan(20);
        byStatus["open"].ShouldBeGreaterThan(40);
        deals.Count(d => d.GetProperty("lineItems").GetArrayLength() > 0).ShouldBeGreaterThan(40);

        var forecast = await (await api.GetAsync("/api/v1/forecast?period=month")).ShouldBeAsync(HttpStatusCode.OK);
        forecast.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(6);
        forecast.GetProperty("unconverted").GetArrayLength().ShouldBeGreaterThan(0); // the CHF deals have no rate, on purpose
        var metrics = await (await api.GetAsync("/api/v1/sales/metrics")).ShouldBeAsync(HttpStatusCode.OK);
        metrics.GetProperty("winRate").GetDouble().ShouldBeInRange(20, 90);
        metrics.GetProperty("averageCycleDays").GetDouble().ShouldBeGreaterThan(5);
        metrics.GetProperty("funnel")[0].GetProperty("entered").GetInt32().ShouldBeGreaterThan(50);
        metrics.GetProperty("wonByMonth").EnumerateArray().Count(m => m.GetProperty("amount").GetDecimal() > 0).ShouldBeGreaterThan(3);
        // Deals show on their account's timeline.
        var deal = deals.First(d => d.Str("accountId") is not null);
        var timeline = await (await api.GetAsync($"/api/v1/accounts/{deal.Str("accountId")}/timeline?type=deal")).ShouldBeAsync(HttpStatusCode.OK);
        timeline.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
    }
}
