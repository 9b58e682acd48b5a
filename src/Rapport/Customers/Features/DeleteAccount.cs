using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>Moves an account to the trash; its contacts stay (their link to it comes back on restore).</summary>
public sealed class DeleteAccount(RapportDb db, RequestContext ctx, CustomerAccess access)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var account = await access.FindAccountAsync(id, ct);
        db.Accounts.Remove(account);
        db.Publish(new AccountDeleted(account.Id));
        await db.SaveChangesAsync(ct);
    }
}
