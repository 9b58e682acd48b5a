using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

/// <summary>
/// The kanban board of a pipeline (a column per stage with count, total and weighted total in the base
/// currency, and its cards with a rotting flag) and the "needs attention" list: open deals with no next
/// step, no activity for N days, or past their expected close date. A deal's last activity is the later
/// of when it entered its stage and the latest interaction with its contacts or account.
/// </summary>
public sealed class DealBoard(RapportDb db, ManageDeals deals, ManageSalesSettings settings)
{
    public sealed record Card(DealDto Deal, DateTime LastActivityAt, bool Rotting, decimal? BaseAmount);
    public sealed record Column(StageDto Stage, int Count, decimal Total, decimal Weighted, int Unconverted, IReadOnlyList<Card> Cards);
    public sealed record Board(PipelineDto Pipeline, IReadOnlyList<PipelineDto> Pipelines, string BaseCurrency, IReadOnlyList<Column> Columns);

    /// <summary>Cards shown per column (the count and totals cover every deal).</summary>
    public const int CardsPerColumn = 100;

    /// <summary>The board of <paramref name="pipelineId"/> (or the first pipeline); null when the workspace has no pipeline.</summary>
    public async Task<Board?> HandleAsync(Guid? pipelineId, Guid? ownerId, DateOnly? closeFrom, DateOnly? closeTo, CancellationToken ct)
    {
        var pipelines = (await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderBy(p => p.Position).ThenBy(p => p.CreatedAt).ToListAsync(ct))
            .Select(PipelineDto.From).ToList();
        if (pipelines.Count == 0) return null;
        var pipeline = pipelineId is { } id ? pipelines.SingleOrDefault(p => p.Id == id) ?? throw new NotFoundException("The pipeline was not found.") : pipelines[0];
        var fx = await settings.ConverterAsync(ct);
        var q = (await deals.QueryAsync(new ManageDeals.Filter(PipelineId: pipeline.Id, OwnerId: ownerId, CloseFrom: closeFrom, CloseTo: closeTo), ct))
            .Include(d => d.Contacts).Include(d => d.LineItems).AsSplitQuery();
        var rows = await q.OrderByDescending(d => d.StageEnteredAt).ThenByDescending(d => d.Id).ToListAsync(ct);
        var stages = await deals.StagesAsync(ct);
        var last = await LastActivityAsync(rows, ct);
        var now = db.Now;
        var columns = new List<Column>();
        foreach (var stage in pipeline.Stages)
        {
            var inStage = rows.Where(d => d.StageId == stage.Id).ToList();
            decimal total = 0, weighted = 0;
            var unconverted = 0;
            var cards = new List<Card>();
            foreach (var d in inStage)
            {
                var dto = DealDto.From(d, stages[d.StageId]);
                var value = fx.ToBase(d.Amount ?? 0, d.Currency);
                if (value is { } v) { total += v; weighted += v * dto.Probability / 100m; }
                else unconverted++;
                if (cards.Count >= CardsPerColumn) continue;
                var lastAt = last.GetValueOrDefault(d.Id, d.StageEnteredAt);
                var rotting = stage.Type == StageTypes.Open && stage.RottingDays is { } days && now - lastAt > TimeSpan.FromDays(days);
                cards.Add(new Card(dto, lastAt, rotting, value is null ? null : Money.Round(value.Value)));
            }
            columns.Add(new Column(stage, inStage.Count, Money.Round(total), Money.Round(weighted), unconverted, cards));
        }
        return new Board(pipeline, pipelines, fx.BaseCurrency, columns);
    }

    public sealed record AttentionItem(DealDto Deal, DateTime LastActivityAt, IReadOnlyList<string> Reasons);

    /// <summary>Open deals in sight needing attention, oldest activity first: reasons "noNextStep", "idle" (no activity for <paramref name="idleDays"/>), "pastCloseDate".</summary>
    public async Task<IReadOnlyList<AttentionItem>> NeedsAttentionAsync(int? idleDays, Guid? pipelineId, Guid? ownerId, int? limit, CancellationToken ct)
    {
        var idle = idleDays ?? 14;
        if (idle is < 1 or > 3650) throw new ValidationFailedException("idleDays", "Must be between 1 and 3650.");
        var take = Paging.ClampLimit(limit);
        var now = db.Now;
        var today = DateOnly.FromDateTime(now);
        var cutoff = now.AddDays(-idle);
        var q = await deals.QueryAsync(new ManageDeals.Filter(PipelineId: pipelineId, OwnerId: ownerId, Status: "open"), ct);
        // Candidates by the deal's own columns; the activity check narrows "idle" below.
        var rows = await q.Where(d => d.NextStep == null || d.ExpectedCloseDate < today || d.StageEnteredAt < cutoff)
            .Include(d => d.Contacts).Include(d => d.LineItems).AsSplitQuery()
            .OrderBy(d => d.StageEnteredAt).Take(2000).ToListAsync(ct);
        var last = await LastActivityAsync(rows, ct);
        var stages = await deals.StagesAsync(ct);
        var items = new List<AttentionItem>();
        foreach (var d in rows)
        {
            var lastAt = last.GetValueOrDefault(d.Id, d.StageEnteredAt);
            var reasons = new List<string>();
            if (d.NextStep is null) reasons.Add("noNextStep");
            if (lastAt < cutoff) reasons.Add("idle");
            if (d.ExpectedCloseDate is { } close && close < today) reasons.Add("pastCloseDate");
            if (reasons.Count > 0) items.Add(new AttentionItem(DealDto.From(d, stages[d.StageId]), lastAt, reasons));
        }
        return items.OrderBy(i => i.LastActivityAt).Take(take).ToList();
    }

    /// <summary>Per deal: the later of entering its stage and the latest interaction with one of its contacts or its account.</summary>
    private async Task<Dictionary<Guid, DateTime>> LastActivityAsync(IReadOnlyList<Deal> rows, CancellationToken ct)
    {
        var result = rows.ToDictionary(d => d.Id, d => d.StageEnteredAt);
        if (rows.Count == 0) return result;
        var ids = rows.Select(d => d.Id).ToList();
        var viaContacts = await db.DealContacts.Where(dc => ids.Contains(dc.DealId))
            .Join(db.Interactions, dc => dc.ContactId, i => i.ContactId, (dc, i) => new { dc.DealId, i.OccurredAt })
            .GroupBy(x => x.DealId).Select(g => new { DealId = g.Key, At = g.Max(x => x.OccurredAt) }).ToListAsync(ct);
        var accountIds = rows.Where(d => d.AccountId != null).Select(d => d.AccountId).Distinct().ToList();
        var viaAccounts = accountIds.Count == 0 ? [] : await db.Interactions.Where(i => accountIds.Contains(i.AccountId))
            .GroupBy(i => i.AccountId).Select(g => new { AccountId = g.Key, At = g.Max(x => x.OccurredAt) }).ToListAsync(ct);
        foreach (var x in viaContacts) if (x.At > result[x.DealId]) result[x.DealId] = x.At;
        var byAccount = viaAccounts.ToDictionary(x => x.AccountId!.Value, x => x.At);
        foreach (var d in rows)
            if (d.AccountId is { } a && byAccount.TryGetValue(a, out var at) && at > result[d.Id]) result[d.Id] = at;
        return result;
    }
}
