using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Sales;

/// <summary>
/// Record visibility applied to deals, by their owner, with the same rule as contacts and accounts
/// (<see cref="CustomerAccess"/>: own, team or all per role; unowned deals are visible to everyone).
/// A deal out of sight is a 404 everywhere: lookups, lists, the board, the forecast, the metrics,
/// timelines and its history in the audit log.
/// </summary>
public sealed class DealAccess(RapportDb db, CustomerAccess access) : Platform.Features.IRecordVisibility
{
    /// <summary>The deal's registered record type (<see cref="Rapport.Records.RecordType"/>).</summary>
    public const string RecordType = "deal";

    public CustomerAccess Records => access;

    public async Task<IQueryable<Deal>> DealsAsync(IQueryable<Deal> query, CancellationToken ct)
    {
        var owners = await access.VisibleOwnerIdsAsync(ct);
        return owners is null ? query : query.Where(d => d.OwnerId == null || owners.Contains(d.OwnerId.Value));
    }

    public Task<IQueryable<Deal>> DealsAsync(CancellationToken ct) => DealsAsync(db.Deals, ct);

    /// <summary>The deal, tracked with its contacts and line items, or a 404.</summary>
    public async Task<Deal> FindAsync(Guid id, CancellationToken ct)
    {
        var q = (await DealsAsync(ct)).Include(d => d.Contacts).Include(d => d.LineItems);
        return await q.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("The deal was not found.");
    }

    /// <summary>For a deal's id: whether it is in sight (trash included). True for ids that are not deals.</summary>
    public async Task<bool> CanSeeAsync(Guid entityId, CancellationToken ct)
    {
        var owners = await access.VisibleOwnerIdsAsync(ct);
        if (owners is null) return true;
        var deal = await db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(d => d.Id == entityId)
            .Select(d => new { d.OwnerId }).SingleOrDefaultAsync(ct);
        return deal is null || deal.OwnerId is null || owners.Contains(deal.OwnerId.Value);
    }

    public Task<Guid?> ActingUserIdAsync(CancellationToken ct) => access.ActingUserIdAsync(ct);
}
