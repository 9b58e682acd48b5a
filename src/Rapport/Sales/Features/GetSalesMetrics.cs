using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

/// <summary>
/// Sales metrics of the deals in sight for a date range: <c>GET /api/v1/sales/metrics?from=&amp;to=[&amp;pipelineId=]</c>
/// (default: the last 12 months to today). The funnel is the given pipeline's, or the first pipeline's.
/// Definitions in <see cref="SalesMath.BuildMetrics"/>.
/// </summary>
public sealed class GetSalesMetrics(RapportDb db, DealAccess access, ManageSalesSettings settings)
{
    public async Task<SalesMetrics> HandleAsync(DateOnly? from, DateOnly? to, Guid? pipelineId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Now);
        var end = to ?? today;
        var start = from ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
        if (end < start) throw new ValidationFailedException("to", "Must not be before from.");
        if (end.DayNumber - start.DayNumber > 3660) throw new ValidationFailedException("from", "The range is at most ten years.");
        var funnelPipeline = pipelineId ?? await db.Pipelines.OrderBy(p => p.Position).ThenBy(p => p.CreatedAt).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (pipelineId is { } given && !await db.Pipelines.AnyAsync(p => p.Id == given, ct)) throw new ValidationFailedException("pipelineId", "No such pipeline.");
        var deals = await GetForecast.FactsAsync(db, access, pipelineId, ct);
        var stages = funnelPipeline is { } fp
            ? await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == fp).OrderBy(s => s.Position)
                .Select(s => new StageFacts(s.Id, s.Name, s.Position, s.Type)).ToListAsync(ct)
            : [];
        var stageIds = stages.Select(s => s.Id).ToList();
        var visible = await access.DealsAsync(db.Deals.AsNoTracking(), ct);
        var visits = await db.DealStageHistory.AsNoTracking().Where(h => stageIds.Contains(h.StageId))
            .Where(h => visible.Any(d => d.Id == h.DealId))
            .Select(h => new VisitFacts(h.DealId, h.StageId, h.EnteredAt)).ToListAsync(ct);
        return SalesMath.BuildMetrics(deals, visits, stages, await settings.ConverterAsync(ct), start, end);
    }
}
