using Rapport.Records;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>Changes an account from a JSON merge patch; a stale If-Match version is a 412.</summary>
public sealed class UpdateAccount(RapportDb db, RequestContext ctx, CustomerAccess access, AccountWriter writer)
{
    public async Task<AccountDto> HandleAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var account = await access.FindAccountAsync(id, ct, withDetails: true);
        if (ifMatch is { } v && v != account.Version) throw new PreconditionFailedException();
        await writer.ApplyAsync(account, patch, creating: false, ct);
        db.Publish(new AccountUpdated(account.Id));
        await db.SaveChangesAsync(ct);
        return AccountDto.From(account, await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct));
    }
}
