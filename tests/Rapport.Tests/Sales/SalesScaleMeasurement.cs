using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Sales;
using Rapport.Sales.Features;
using Rapport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rapport.Tests.Sales;

/// <summary>
/// Not a test of behaviour: times the board, the forecast, the metrics and needs-attention over
/// RAPPORT_SALES_SCALE deals (skipped unless set), e.g.
/// <c>RAPPORT_SALES_SCALE=20000 dotnet test tests/Rapport.Tests --filter SalesScaleMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
public class SalesScaleMeasurement(ITestOutputHelper output)
{
    [Theory, SqliteData, PostgresData]
    public async Task Board_forecast_and_metrics_over_many_deals(DatabaseProvider provider)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("RAPPORT_SALES_SCALE"), out var n)) return;
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var stageIds = p.Stages.Values.Select(Guid.Parse).ToArray();
        var stageTypes = p.Body.GetProperty("stages").EnumerateArray().ToDictionary(s => Guid.Parse(s.GetProperty("id").GetString()!), s => s.GetProperty("type").GetString()!);
        var load = Stopwatch.StartNew();
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var r = new Random(7);
            var now = db.Now;
            for (var batch = 0; batch < n; batch += 5000)
            {
                for (var i = batch; i < Math.Min(n, batch + 5000); i++)
                {
                    var stage = stageIds[r.Next(stageIds.Length)];
                    var created = now.AddDays(-r.Next(1, 400));
                    var entered = created.AddDays(r.Next(0, 30));
                    var type = stageTypes[stage];
                    var d = new Deal
                    {
                        WorkspaceId = owner.WorkspaceId, Name = $"Deal {i}", PipelineId = Guid.Parse(p.Id), StageId = stage, Amount = r.Next(1, 200) * 500m,
                        Currency = r.Next(10) == 0 ? "EUR" : "USD", ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(r.Next(-30, 365))),
                        OwnerId = owner.UserId, CreatedAt = created, UpdatedAt = entered, StageEnteredAt = entered,
                        ForecastCategory = type == "open" ? "pipeline" : "closed", WonAt = type == "won" ? entered : null, LostAt = type == "lost" ? entered : null,
                    };
                    db.Deals.Add(d);
                    db.DealStageHistory.Add(new DealStageVisit { WorkspaceId = owner.WorkspaceId, DealId = d.Id, StageId = stage, EnteredAt = entered });
                }
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
            return 0;
        });
        output.WriteLine($"{provider}: loaded {n} deals in {load.Elapsed.TotalSeconds:0.0} s");

        async Task Time(string what, Func<IServiceProvider, Task> work)
        {
            var times = new List<double>();
            for (var i = 0; i < 6; i++)
            {
                var sw = Stopwatch.StartNew();
                await app.InWorkspaceAsync(owner.WorkspaceId, async sp => { await work(sp); return 0; });
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.RemoveAt(0); // the first run compiles the queries
            output.WriteLine($"{provider} {n} deals: {what}: median {times.Order().ElementAt(times.Count / 2):0} ms, max {times.Max():0} ms");
        }
        await Time("board (pipeline)", sp => sp.GetRequiredService<DealBoard>().HandleAsync(null, null, null, null, default));
        await Time("forecast (quarter)", sp => sp.GetRequiredService<GetForecast>().HandleAsync("quarter", null, null, null, null, default));
        await Time("metrics (12 months)", sp => sp.GetRequiredService<GetSalesMetrics>().HandleAsync(null, null, null, default));
        await Time("needs attention", sp => sp.GetRequiredService<DealBoard>().NeedsAttentionAsync(14, null, null, 50, default));
        await Time("deal list page (sort=amount)", sp => sp.GetRequiredService<ManageDeals>().ListAsync(new(), "-amount", 50, null, default));
    }
}
