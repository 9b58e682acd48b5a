using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>Moves a contact to the trash (restorable for 30 days); its timeline stays with it.</summary>
public sealed class DeleteContact(RapportDb db, RequestContext ctx, CustomerAccess access)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var contact = await access.FindContactAsync(id, ct);
        db.Contacts.Remove(contact);
        db.Publish(new ContactDeleted(contact.Id));
        await db.SaveChangesAsync(ct);
    }
}
