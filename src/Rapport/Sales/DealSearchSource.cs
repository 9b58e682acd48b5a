using Rapport.Records;
using Rapport.Search;

namespace Rapport.Sales;

/// <summary>Deals in global search (the document is kept by the triggers of migration 0008): visible by owner, like the deal lists.</summary>
public sealed class DealSearchSource(RecordAccess access) : ISearchSource
{
    public string Type => "deal";
    public Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct) => access.VisibleOwnerIdsAsync(ct);
}
