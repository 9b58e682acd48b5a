using Rapport.Records;
using Rapport.Customers;
using Rapport.Search;

namespace Rapport.Leads;

/// <summary>Leads in global search (not converted ones); their documents come from the view and triggers of migration 0009.</summary>
public sealed class LeadSearchSource(RecordAccess access) : ISearchSource
{
    public string Type => "lead";
    public Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct) => access.VisibleOwnerIdsAsync(ct);
}
