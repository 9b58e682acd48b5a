using Rapport.Records;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>
/// Creates a contact from its JSON (the API's shape); the owner defaults to the person creating it. A contact with
/// the e-mail or phone of one in sight is refused (409 with its id) unless <c>allowDuplicate</c>.
/// </summary>
public sealed class CreateContact(RapportDb db, RequestContext ctx, ContactWriter writer, DuplicateCheck duplicates)
{
    public async Task<ContactDto> HandleAsync(JsonObject body, CancellationToken ct, bool allowDuplicate = false)
    {
        ctx.EnsureCanWrite();
        var contact = new Contact { WorkspaceId = ctx.WorkspaceId };
        await writer.ApplyAsync(contact, body, creating: true, ct);
        if (!allowDuplicate) await duplicates.EnsureNoDuplicateAsync(contact, ct);
        db.Contacts.Add(contact);
        db.Publish(new ContactCreated(contact.Id));
        await db.SaveChangesAsync(ct);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        return ContactDto.From(contact, defs);
    }
}
