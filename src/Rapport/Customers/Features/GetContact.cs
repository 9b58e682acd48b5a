using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>One contact, if it is in sight (else 404).</summary>
public sealed class GetContact(RapportDb db, RecordAccess access)
{
    public async Task<ContactDto> HandleAsync(Guid id, CancellationToken ct)
    {
        var contact = await access.FindContactAsync(id, ct, withDetails: true);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        return ContactDto.From(contact, defs);
    }
}
