using System.Text.Json.Serialization;

namespace Rapport.Sales;

/// <summary>What the forecast and the metrics need of a deal.</summary>
public sealed record DealFacts(Guid Id, string Name, Guid? OwnerId, Guid PipelineId, string StageType, int Probability, string ForecastCategory,
    decimal? Amount, string Currency, DateOnly? ExpectedCloseDate, DateTime CreatedAt, DateTime? WonAt, DateTime? LostAt);

/// <summary>A stay of a deal in a stage (for the funnel).</summary>
public sealed record VisitFacts(Guid DealId, Guid StageId, DateTime EnteredAt);

/// <summary>A stage of the funnel's pipeline, in pipeline order.</summary>
public sealed record StageFacts(Guid Id, string Name, int Position, string Type);

/// <summary>One forecast period (and owner, when grouped by owner); money in the base currency.</summary>
public sealed record ForecastItem(string Period,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Guid? OwnerId,
    int Count, decimal Pipeline, decimal Weighted, decimal BestCase, decimal Commit, decimal ClosedWon);

/// <summary>A deal left out of a total because its currency has no exchange rate.</summary>
public sealed record UnconvertedDeal(Guid DealId, string Name, decimal Amount, string Currency);

/// <summary><c>undated</c>: open deals without an expected close date (in no period).</summary>
public sealed record Forecast(string BaseCurrency, IReadOnlyList<ForecastItem> Items, IReadOnlyList<UnconvertedDeal> Unconverted, int Undated);

public sealed record FunnelStep(Guid StageId, string StageName, int Entered, int Advanced, double? Rate);
public sealed record WonMonth(string Month, decimal Amount, double? Growth);

/// <summary>Percentages are 0–100; money in the base currency; null where there is nothing to divide by.</summary>
public sealed record SalesMetrics(string BaseCurrency, DateOnly From, DateOnly To, int Won, int Lost, double? WinRate, decimal? AverageDealSize,
    double? AverageCycleDays, IReadOnlyList<FunnelStep> Funnel, IReadOnlyList<WonMonth> WonByMonth, IReadOnlyList<UnconvertedDeal> Unconverted);

/// <summary>
/// The calculations of the forecast and the metrics, as pure functions (unit-tested on their own).
/// Definitions (also in docs/modules/sales.md):
/// <list type="bullet">
/// <item>An open deal falls in the period of its expected close date; a won deal in the period of its won date; lost deals are not forecast.</item>
/// <item>count, pipeline (Σ amount), weighted (Σ amount × probability / 100): open deals. bestCase: open deals in "bestCase" or "commit";
/// commit: open deals in "commit"; closedWon: Σ amount of deals won in the period.</item>
/// <item>Amounts are converted to the base currency; a deal in a currency without a rate is listed in "unconverted" and added nowhere.</item>
/// </list>
/// </summary>
public static class SalesMath
{
    /// <summary>Days between two instants, to a tenth of a day.</summary>
    public static double Days(DateTime from, DateTime to) => Math.Round((to - from).TotalDays, 1);

    public const string Month = "month", Quarter = "quarter";

    /// <summary>"2026-11" or "2026-Q4".</summary>
    public static string PeriodOf(DateOnly date, string period) =>
        period == Quarter ? $"{date.Year:D4}-Q{(date.Month - 1) / 3 + 1}" : $"{date.Year:D4}-{date.Month:D2}";

    public static Forecast BuildForecast(IEnumerable<DealFacts> deals, CurrencyConverter fx, string period, bool byOwner, DateOnly? from, DateOnly? to)
    {
        var sums = new Dictionary<(string Period, Guid? Owner), decimal[]>();
        var counts = new Dictionary<(string, Guid?), int>();
        var unconverted = new List<UnconvertedDeal>();
        var undated = 0;
        foreach (var d in deals)
        {
            var isOpen = d.StageType == StageTypes.Open;
            var isWon = d.StageType == StageTypes.Won && d.WonAt is not null;
            if (!isOpen && !isWon) continue;
            DateOnly? date = isWon ? DateOnly.FromDateTime(d.WonAt!.Value) : d.ExpectedCloseDate;
            if (date is not { } day) { undated++; continue; }
            if (from is { } f && day < f || to is { } t && day > t) continue;
            var amount = d.Amount ?? 0m;
            var converted = fx.ToBase(amount, d.Currency);
            if (converted is not { } value)
            {
                unconverted.Add(new UnconvertedDeal(d.Id, d.Name, amount, d.Currency));
                continue;
            }
            var key = (PeriodOf(day, period), byOwner ? d.OwnerId : null);
            if (!sums.TryGetValue(key, out var s)) sums[key] = s = new decimal[5];
            if (isWon) { s[4] += value; continue; }
            counts[key] = counts.GetValueOrDefault(key) + 1;
            s[0] += value;
            s[1] += value * d.Probability / 100m;
            if (d.ForecastCategory is ForecastCategories.BestCase or ForecastCategories.Commit) s[2] += value;
            if (d.ForecastCategory == ForecastCategories.Commit) s[3] += value;
        }
        var items = sums.OrderBy(x => x.Key.Period, StringComparer.Ordinal).ThenBy(x => x.Key.Owner)
            .Select(x => new ForecastItem(x.Key.Period, x.Key.Owner, counts.GetValueOrDefault(x.Key),
                Money.Round(x.Value[0]), Money.Round(x.Value[1]), Money.Round(x.Value[2]), Money.Round(x.Value[3]), Money.Round(x.Value[4])))
            .ToList();
        return new Forecast(fx.BaseCurrency, items, unconverted, undated);
    }

    /// <summary>
    /// Metrics of the deals closed (won or lost) from <paramref name="from"/> to <paramref name="to"/> (whole days, UTC):
    /// win rate = won / (won + lost); average deal size = mean won amount; sales cycle = mean days from created to won;
    /// funnel = for each open stage of the pipeline, the deals that entered it in the range and how many of them later
    /// entered a further stage that is not a lost one; won by month with growth over the month before.
    /// </summary>
    public static SalesMetrics BuildMetrics(IReadOnlyList<DealFacts> deals, IReadOnlyList<VisitFacts> visits, IReadOnlyList<StageFacts> stages,
        CurrencyConverter fx, DateOnly from, DateOnly to)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        bool InRange(DateTime? t) => t is { } v && v >= start && v < end;
        var won = deals.Where(d => d.StageType == StageTypes.Won && InRange(d.WonAt)).ToList();
        var lost = deals.Where(d => d.StageType == StageTypes.Lost && InRange(d.LostAt)).ToList();
        double? winRate = won.Count + lost.Count == 0 ? null : Math.Round(100.0 * won.Count / (won.Count + lost.Count), 1);

        var unconverted = new List<UnconvertedDeal>();
        var wonValues = new List<(DealFacts Deal, decimal Value)>();
        foreach (var d in won)
        {
            if (fx.ToBase(d.Amount ?? 0m, d.Currency) is { } v) wonValues.Add((d, v));
            else unconverted.Add(new UnconvertedDeal(d.Id, d.Name, d.Amount ?? 0m, d.Currency));
        }
        decimal? averageSize = wonValues.Count == 0 ? null : Money.Round(wonValues.Sum(x => x.Value) / wonValues.Count);
        double? cycle = won.Count == 0 ? null : Math.Round(won.Average(d => (d.WonAt!.Value - d.CreatedAt).TotalDays), 1);

        var position = stages.ToDictionary(s => s.Id, s => s);
        var byDeal = visits.Where(v => position.ContainsKey(v.StageId)).GroupBy(v => v.DealId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.EnteredAt).ToList());
        var funnel = new List<FunnelStep>();
        foreach (var stage in stages.Where(s => s.Type == StageTypes.Open).OrderBy(s => s.Position))
        {
            int entered = 0, advanced = 0;
            foreach (var (_, list) in byDeal)
            {
                var first = list.FirstOrDefault(v => v.StageId == stage.Id && v.EnteredAt >= start && v.EnteredAt < end);
                if (first is null) continue;
                entered++;
                if (list.Any(v => v.EnteredAt > first.EnteredAt && position[v.StageId].Position > stage.Position && position[v.StageId].Type != StageTypes.Lost))
                    advanced++;
            }
            funnel.Add(new FunnelStep(stage.Id, stage.Name, entered, advanced, entered == 0 ? null : Math.Round(100.0 * advanced / entered, 1)));
        }

        var months = new List<WonMonth>();
        decimal? previous = null;
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            var label = PeriodOf(m, Month);
            var amount = Money.Round(wonValues.Where(x => PeriodOf(DateOnly.FromDateTime(x.Deal.WonAt!.Value), Month) == label).Sum(x => x.Value));
            double? growth = previous is { } p && p > 0 ? Math.Round((double)((amount - p) / p * 100m), 1) : null;
            months.Add(new WonMonth(label, amount, growth));
            previous = amount;
        }
        return new SalesMetrics(fx.BaseCurrency, from, to, won.Count, lost.Count, winRate, averageSize, cycle, funnel, months, unconverted);
    }
}
