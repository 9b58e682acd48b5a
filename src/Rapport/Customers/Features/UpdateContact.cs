using Rapport.Records;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>Changes a contact from a JSON merge patch; a stale If-Match version is a 412.</summary>
public sealed class UpdateContact(RapportDb db, RequestContext ctx, CustomerAccess access, ContactWriter writer)
{
    public async Task<ContactDto> HandleAsync(Guid id, JsonObject patch, long? ifMatch, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var contact = await access.FindContactAsync(id, ct, withDetails: true);
        if (ifMatch is { } v && v != contact.Version) throw new PreconditionFailedException();
        await writer.ApplyAsync(contact, patch, creating: false, ct);
        db.Publish(new ContactUpdated(contact.Id));
        await db.SaveChangesAsync(ct);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        return ContactDto.From(contact, defs);
    }
}
