using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

/// <summary>
/// The forecast of the deals in sight: <c>GET /api/v1/forecast?period=month|quarter[&amp;groupBy=owner][&amp;from&amp;to][&amp;pipelineId]</c>.
/// Definitions in <see cref="SalesMath.BuildForecast"/>.
/// </summary>
public sealed class GetForecast(RapportDb db, DealAccess access, ManageSalesSettings settings)
{
    public async Task<Forecast> HandleAsync(string? period, string? groupBy, DateOnly? from, DateOnly? to, Guid? pipelineId, CancellationToken ct)
    {
        period ??= SalesMath.Quarter;
        if (period is not (SalesMath.Month or SalesMath.Quarter)) throw new ValidationFailedException("period", "Must be month or quarter.");
        if (groupBy is not (null or "owner")) throw new ValidationFailedException("groupBy", "Must be owner (or left out).");
        if (from is { } f && to is { } t && t < f) throw new ValidationFailedException("to", "Must not be before from.");
        var deals = await FactsAsync(db, access, pipelineId, ct);
        return SalesMath.BuildForecast(deals, await settings.ConverterAsync(ct), period, groupBy == "owner", from, to);
    }

    /// <summary>The visible deals (not in the trash) as the calculations need them.</summary>
    public static async Task<List<DealFacts>> FactsAsync(RapportDb db, DealAccess access, Guid? pipelineId, CancellationToken ct)
    {
        var q = await access.DealsAsync(db.Deals.AsNoTracking(), ct);
        if (pipelineId is { } p) q = q.Where(d => d.PipelineId == p);
        var rows = await q.Join(db.PipelineStages.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]), d => d.StageId, s => s.Id, (d, s) => new
        {
            d.Id, d.Name, d.OwnerId, d.PipelineId, s.Type, StageProbability = s.Probability, d.ProbabilityOverride, d.ForecastCategory,
            d.Amount, d.Currency, d.ExpectedCloseDate, d.CreatedAt, d.WonAt, d.LostAt,
        }).ToListAsync(ct);
        return rows.Select(r => new DealFacts(r.Id, r.Name, r.OwnerId, r.PipelineId, r.Type,
            r.Type == StageTypes.Won ? 100 : r.Type == StageTypes.Lost ? 0 : r.ProbabilityOverride ?? r.StageProbability,
            r.ForecastCategory, r.Amount, r.Currency, r.ExpectedCloseDate, r.CreatedAt, r.WonAt, r.LostAt)).ToList();
    }
}
