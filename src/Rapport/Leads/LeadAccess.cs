using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads;

/// <summary>
/// Lead visibility: the same rule as contacts (<see cref="RecordAccess"/>: own, team or all per role,
/// unowned leads visible to every scope). A lead out of sight is a 404.
/// </summary>
public sealed class LeadAccess(RapportDb db, RecordAccess access)
{
    /// <summary>The lead's registered record type (<see cref="Rapport.Records.RecordType"/>).</summary>
    public const string RecordType = "lead";

    public async Task<IQueryable<Lead>> LeadsAsync(CancellationToken ct)
    {
        var owners = await access.VisibleOwnerIdsAsync(ct);
        IQueryable<Lead> q = db.Leads;
        return owners is null ? q : q.Where(l => l.OwnerId == null || owners.Contains(l.OwnerId.Value));
    }

    /// <summary>The lead, tracked, or a 404 when it does not exist, is in the trash or is out of sight.</summary>
    public async Task<Lead> FindAsync(Guid id, CancellationToken ct)
    {
        var q = await LeadsAsync(ct);
        return await q.SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("The lead was not found.");
    }

    public Task<Guid?> ActingUserIdAsync(CancellationToken ct) => access.ActingUserIdAsync(ct);
}
