using Rapport.Search;

namespace Rapport.Customers;

/// <summary>Contacts in global search; their documents come from the view and triggers of migration 0004.</summary>
public sealed class ContactSearchSource(CustomerAccess access) : ISearchSource
{
    public string Type => "contact";
    public Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct) => access.VisibleOwnerIdsAsync(ct);
}

/// <summary>Accounts in global search.</summary>
public sealed class AccountSearchSource(CustomerAccess access) : ISearchSource
{
    public string Type => "account";
    public Task<Guid[]?> VisibleOwnerIdsAsync(CancellationToken ct) => access.VisibleOwnerIdsAsync(ct);
}
