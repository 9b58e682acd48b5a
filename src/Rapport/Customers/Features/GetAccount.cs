using Rapport.Records;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>One account, if it is in sight (else 404).</summary>
public sealed class GetAccount(RapportDb db, CustomerAccess access)
{
    public async Task<AccountDto> HandleAsync(Guid id, CancellationToken ct)
    {
        var account = await access.FindAccountAsync(id, ct, withDetails: true);
        return AccountDto.From(account, await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct));
    }
}
