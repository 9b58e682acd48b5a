using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

/// <summary>Reading deals (one with its stage history, lists with filters) and deleting them (to the trash).</summary>
public sealed class ManageDeals(RapportDb db, RequestContext ctx, DealAccess access)
{
    public sealed record Filter(Guid? PipelineId = null, Guid? StageId = null, Guid? OwnerId = null, string? Status = null,
        Guid? AccountId = null, Guid? ContactId = null, DateOnly? CloseFrom = null, DateOnly? CloseTo = null, string? Q = null);

    public static readonly string[] Statuses = ["open", "won", "lost"];

    public async Task<DealDto> GetAsync(Guid id, CancellationToken ct)
    {
        var deal = await access.FindAsync(id, ct);
        return await ToDtoAsync(deal, withHistory: true, ct);
    }

    public async Task<DealDto> ToDtoAsync(Deal deal, bool withHistory, CancellationToken ct)
    {
        var stages = await StagesAsync(ct);
        var history = withHistory ? await HistoryAsync(deal.Id, stages, ct) : null;
        return DealDto.From(deal, stages[deal.StageId], history);
    }

    /// <summary>The stays of the deal in its stages, oldest first, with the days spent in each (until now for the current one).</summary>
    public async Task<IReadOnlyList<StageVisitDto>> HistoryAsync(Guid dealId, IReadOnlyDictionary<Guid, PipelineStage> stages, CancellationToken ct)
    {
        var now = db.Now;
        var rows = await db.DealStageHistory.AsNoTracking().Where(h => h.DealId == dealId).OrderBy(h => h.EnteredAt).ThenBy(h => h.Id).ToListAsync(ct);
        return rows.Select(h => new StageVisitDto(h.StageId, stages.TryGetValue(h.StageId, out var s) ? s.Name : null, h.FromStageId,
            h.EnteredAt, h.LeftAt, SalesMath.Days(h.EnteredAt, h.LeftAt ?? now))).ToList();
    }

    /// <summary>Every stage of the workspace by id (deleted ones too, for history).</summary>
    public async Task<Dictionary<Guid, PipelineStage>> StagesAsync(CancellationToken ct) =>
        await db.PipelineStages.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).AsNoTracking().ToDictionaryAsync(s => s.Id, ct);

    /// <summary>The visible deals matching the filter (not paged: the caller pages or aggregates).</summary>
    public async Task<IQueryable<Deal>> QueryAsync(Filter f, CancellationToken ct)
    {
        if (f.Status is not null && !Statuses.Contains(f.Status))
            throw new ValidationFailedException("status", $"Must be one of: {string.Join(", ", Statuses)}.");
        var q = await access.DealsAsync(db.Deals.AsNoTracking(), ct);
        if (f.PipelineId is { } p) q = q.Where(d => d.PipelineId == p);
        if (f.StageId is { } s) q = q.Where(d => d.StageId == s);
        if (f.OwnerId is { } o) q = q.Where(d => d.OwnerId == o);
        if (f.AccountId is { } a) q = q.Where(d => d.AccountId == a);
        if (f.ContactId is { } c) q = q.Where(d => db.DealContacts.Any(x => x.DealId == d.Id && x.ContactId == c));
        if (f.CloseFrom is { } from) q = q.Where(d => d.ExpectedCloseDate >= from);
        if (f.CloseTo is { } to) q = q.Where(d => d.ExpectedCloseDate <= to);
        if (f.Status == "open") q = q.Where(d => d.WonAt == null && d.LostAt == null);
        if (f.Status == "won") q = q.Where(d => d.WonAt != null);
        if (f.Status == "lost") q = q.Where(d => d.LostAt != null);
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = f.Q.Trim().ToLower();
            q = q.Where(d => d.Name.ToLower().Contains(text));
        }
        return q;
    }

    public static readonly string[] SortKeys = ["name", "amount", "expectedCloseDate", "createdAt", "updatedAt", "stageEnteredAt"];

    public async Task<Page<DealDto>> ListAsync(Filter f, string? sort, int? limit, string? cursor, CancellationToken ct)
    {
        var take = Paging.ClampLimit(limit);
        var q = (await QueryAsync(f, ct)).Include(d => d.Contacts).Include(d => d.LineItems).AsSplitQuery();
        var descending = sort?.StartsWith('-') == true;
        var key = (sort ?? "-createdAt").TrimStart('-');
        (List<Deal> rows, string? next) page = key switch
        {
            "createdAt" when descending || sort is null => await NewestFirst(q, take, cursor, ct),
            "name" => await Keyset.PageAsync(q, new Keyset.Sort<Deal>((System.Linq.Expressions.Expression<Func<Deal, string>>)(d => d.Name), descending, d => d.Id), take, cursor, ct),
            "amount" => await Keyset.PageAsync(q, new Keyset.Sort<Deal>((System.Linq.Expressions.Expression<Func<Deal, double?>>)(d => (double?)d.Amount), descending, d => d.Id), take, cursor, ct),
            "expectedCloseDate" => await Keyset.PageAsync(q, new Keyset.Sort<Deal>((System.Linq.Expressions.Expression<Func<Deal, DateOnly?>>)(d => d.ExpectedCloseDate), descending, d => d.Id), take, cursor, ct),
            "createdAt" => await Keyset.PageAsync(q, new Keyset.Sort<Deal>((System.Linq.Expressions.Expression<Func<Deal, DateTime>>)(d => d.CreatedAt), descending, d => d.Id), take, cursor, ct),
            "updatedAt" => await Keyset.PageAsync(q, new Keyset.Sort<Deal>((System.Linq.Expressions.Expression<Func<Deal, DateTime>>)(d => d.UpdatedAt), descending, d => d.Id), take, cursor, ct),
            "stageEnteredAt" => await Keyset.PageAsync(q, new Keyset.Sort<Deal>((System.Linq.Expressions.Expression<Func<Deal, DateTime>>)(d => d.StageEnteredAt), descending, d => d.Id), take, cursor, ct),
            _ => throw new ValidationFailedException("sort", $"Must be one of: {string.Join(", ", SortKeys)} (prefix - for descending)."),
        };
        var stages = await StagesAsync(ct);
        return new Page<DealDto>(page.rows.Select(d => DealDto.From(d, stages[d.StageId])).ToList(), page.next);
    }

    private static async Task<(List<Deal>, string?)> NewestFirst(IQueryable<Deal> q, int take, string? cursor, CancellationToken ct)
    {
        var page = await Paging.NewestFirstAsync(q, take, cursor, ct);
        return (page.Items.ToList(), page.NextCursor);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        // Without its contacts and line items loaded: EF would cascade the remove to them, and the deal only goes to the trash.
        var deal = await (await access.DealsAsync(ct)).SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("The deal was not found.");
        db.Deals.Remove(deal);
        db.Publish(new DealDeleted(id));
        await db.SaveChangesAsync(ct);
    }
}
