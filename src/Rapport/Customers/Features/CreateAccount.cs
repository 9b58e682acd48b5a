using Rapport.Records;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>Creates an account; the owner defaults to the person creating it. An existing account's domain is a 409 unless <c>allowDuplicate</c>.</summary>
public sealed class CreateAccount(RapportDb db, RequestContext ctx, AccountWriter writer, DuplicateCheck duplicates)
{
    public async Task<AccountDto> HandleAsync(JsonObject body, CancellationToken ct, bool allowDuplicate = false)
    {
        ctx.EnsureCanWrite();
        var account = new Account { WorkspaceId = ctx.WorkspaceId };
        await writer.ApplyAsync(account, body, creating: true, ct);
        if (!allowDuplicate) await duplicates.EnsureNoDuplicateAsync(account, ct);
        db.Accounts.Add(account);
        db.Publish(new AccountCreated(account.Id));
        await db.SaveChangesAsync(ct);
        return AccountDto.From(account, await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct));
    }
}
