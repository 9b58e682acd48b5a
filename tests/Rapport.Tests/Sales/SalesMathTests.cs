using Rapport.Sales;
using Shouldly;

namespace Rapport.Tests.Sales;

/// <summary>The forecast and metric calculations on their own (no database).</summary>
public class SalesMathTests
{
    private static readonly CurrencyConverter Usd = new("USD", new Dictionary<string, decimal> { ["EUR"] = 1.10m });

    private static DealFacts Deal(string stageType, decimal? amount, string currency = "USD", int probability = 50, string category = "pipeline",
        DateOnly? close = null, DateTime? created = null, DateTime? won = null, DateTime? lost = null, Guid? owner = null) =>
        new(Guid.NewGuid(), "D", owner, Guid.Empty, stageType, probability, category, amount, currency, close,
            created ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), won, lost);

    [Theory]
    [InlineData(2026, 1, "2026-Q1", "2026-01")]
    [InlineData(2026, 3, "2026-Q1", "2026-03")]
    [InlineData(2026, 4, "2026-Q2", "2026-04")]
    [InlineData(2026, 12, "2026-Q4", "2026-12")]
    public void Periods_are_labelled_by_quarter_and_month(int year, int month, string quarter, string monthLabel)
    {
        SalesMath.PeriodOf(new DateOnly(year, month, 15), SalesMath.Quarter).ShouldBe(quarter);
        SalesMath.PeriodOf(new DateOnly(year, month, 15), SalesMath.Month).ShouldBe(monthLabel);
    }

    [Fact]
    public void The_forecast_weights_by_probability_converts_currencies_and_lists_what_it_cannot_convert()
    {
        var close = new DateOnly(2026, 5, 10);
        var f = SalesMath.BuildForecast(
        [
            Deal("open", 1000, probability: 25, category: "commit", close: close),           // 1000, weighted 250
            Deal("open", 100, "EUR", probability: 50, category: "bestCase", close: close),   // 110, weighted 55
            Deal("open", 999, "JPY", close: close),                                          // no rate
            Deal("open", null, close: close),                                                // no amount: counted, adds 0
            Deal("lost", 500, close: close, lost: new DateTime(2026, 5, 1)),                 // not forecast
            Deal("won", 300, won: new DateTime(2026, 6, 30, 23, 0, 0, DateTimeKind.Utc)),    // closed won in Q2
            Deal("open", 50),                                                                // undated
        ], Usd, SalesMath.Quarter, byOwner: false, null, null);
        f.Items.ShouldBe([new ForecastItem("2026-Q2", null, 3, 1110m, 305m, 1110m, 1000m, 300m)]);
        f.Unconverted.Select(u => u.Currency).ShouldBe(["JPY"]);
        f.Undated.ShouldBe(1);
    }

    [Fact]
    public void Metrics_divide_only_what_exists()
    {
        var jan = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var m = SalesMath.BuildMetrics(
        [
            Deal("won", 1000, created: jan, won: jan.AddDays(10)),
            Deal("won", 3000, created: jan, won: jan.AddDays(40)),    // February
            Deal("lost", 10, created: jan, lost: jan.AddDays(5)),
            Deal("won", 99, created: jan, won: jan.AddDays(400)),     // out of range
        ], [], [], Usd, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28));
        m.WinRate.ShouldBe(66.7);                 // 2 won / 3 closed
        m.AverageDealSize.ShouldBe(2000m);        // (1000 + 3000) / 2
        m.AverageCycleDays.ShouldBe(25.0);        // (10 + 40) / 2
        m.WonByMonth.ShouldBe([new WonMonth("2026-01", 1000m, null), new WonMonth("2026-02", 3000m, 200.0)]);
        var none = SalesMath.BuildMetrics([], [], [], Usd, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        none.WinRate.ShouldBeNull();
        none.AverageDealSize.ShouldBeNull();
        none.AverageCycleDays.ShouldBeNull();
        none.WonByMonth.ShouldBe([new WonMonth("2026-01", 0m, null)]);
    }

    [Fact]
    public void The_funnel_counts_a_deal_as_advanced_when_it_later_reaches_a_further_stage_that_is_not_lost()
    {
        var q = new StageFacts(Guid.NewGuid(), "Q", 0, "open");
        var p = new StageFacts(Guid.NewGuid(), "P", 1, "open");
        var won = new StageFacts(Guid.NewGuid(), "Won", 2, "won");
        var lost = new StageFacts(Guid.NewGuid(), "Lost", 3, "lost");
        var t = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var m = SalesMath.BuildMetrics([], [
            new VisitFacts(a, q.Id, t), new VisitFacts(a, p.Id, t.AddDays(1)), new VisitFacts(a, won.Id, t.AddDays(2)),
            new VisitFacts(b, q.Id, t), new VisitFacts(b, lost.Id, t.AddDays(1)),
            new VisitFacts(c, p.Id, t), new VisitFacts(c, q.Id, t.AddDays(1)),   // moved back: not advanced from P
        ], [q, p, won, lost], Usd, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        m.Funnel.Select(s => (s.StageName, s.Entered, s.Advanced, s.Rate)).ShouldBe([("Q", 3, 1, 33.3), ("P", 2, 1, 50.0)]);
    }

    [Fact]
    public void A_line_total_is_quantity_times_price_less_the_discount_to_the_cent() =>
        Money.LineTotal(3, 19.99m, 12.5m).ShouldBe(52.47m);   // 59.97 × 0.875 = 52.47375
}
