using Rapport.Records;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers.Features;

/// <summary>One contact, if it is in sight (else 404). The hot read path: compiled queries only.</summary>
public sealed class GetContact(RapportDb db, CustomerAccess access)
{
    private static readonly PerModel<Func<RapportDb, Guid, CancellationToken, Task<Contact?>>> ById = new(() => EF.CompileAsyncQuery(
        (RapportDb db, Guid id, CancellationToken ct) => db.Contacts.AsNoTracking().Include(c => c.Tags).Include(c => c.Accounts).SingleOrDefault(c => c.Id == id)));

    public async Task<ContactDto> HandleAsync(Guid id, CancellationToken ct)
    {
        var contact = await ById.For(db)(db, id, ct);
        if (contact is null || !await access.CanSeeOwnerAsync(contact.OwnerId, ct)) throw new NotFoundException("The contact was not found.");
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        return ContactDto.From(contact, defs);
    }
}
