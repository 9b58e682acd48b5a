using Microsoft.EntityFrameworkCore;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform.Outbox;

namespace Rapport.Leads.Features;

/// <summary>
/// When a contact is erased (<c>contact.erased</c>, published by Customers' ContactPrivacy in the
/// erasing transaction), the person's traces in the lead tables go too: the form submissions logged
/// on the contact (their values), the details of lead events moved onto it, and the lead it was
/// converted from (name, e-mail, phone, title, consent, and its audit entries' values). Delivered by
/// the outbox, so it follows the erasure within seconds instead of in the same transaction: Customers
/// cannot call into Leads (Leads depends on Customers), and this keeps the dependency one way.
/// </summary>
public sealed class EraseLeadTraces(RapportDb db) : IOutboxHandler<ContactErased>
{
    public async Task HandleAsync(ContactErased erased, OutboxMessage message, CancellationToken ct)
    {
        var contactId = erased.ContactId;
        foreach (var s in await db.FormSubmissions.Where(s => s.ContactId == contactId).ToListAsync(ct)) { s.Data = "{}"; s.Origin = null; }
        foreach (var e in await db.LeadEvents.Where(e => e.ContactId == contactId && e.Detail != null).ToListAsync(ct)) e.Detail = null;
        var leads = await db.Leads.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(l => l.ConvertedContactId == contactId).ToListAsync(ct);
        foreach (var l in leads)
        {
            l.FirstName = ""; l.LastName = "(erased)"; l.Email = null; l.Phone = null; l.Title = null; l.Consent = "{}";
            foreach (var s in await db.FormSubmissions.Where(s => s.LeadId == l.Id).ToListAsync(ct)) { s.Data = "{}"; s.Origin = null; }
        }
        await db.SaveChangesAsync(ct);
        // The leads' own audit entries (the one just written included) keep field names, not values.
        var ids = leads.Select(l => (Guid?)l.Id).ToList();
        if (ids.Count > 0)
            foreach (var entry in await db.AuditLog.Where(a => ids.Contains(a.EntityId) && a.Changes != null).ToListAsync(ct))
                entry.Changes = Customers.Features.ContactPrivacy.RedactChanges(entry.Changes!);
    }
}
