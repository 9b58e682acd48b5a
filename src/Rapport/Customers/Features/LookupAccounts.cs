using Microsoft.EntityFrameworkCore;

namespace Rapport.Customers.Features;

/// <summary>The names of visible accounts by id, for links on pages (a contact's accounts, a parent account).</summary>
public sealed class LookupAccounts(CustomerAccess access)
{
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<Guid, string>();
        var q = await access.AccountsAsync(ct);
        return await q.AsNoTracking().Where(a => wanted.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
    }
}
