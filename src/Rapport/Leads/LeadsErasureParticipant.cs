using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads;

/// <summary>
/// When a contact is erased, the person's traces in the lead tables go too, in the same transaction:
/// the form submissions logged on the contact (their values), the details of lead events moved onto
/// it, and the lead it was converted from (name, e-mail, phone, title, consent, its submissions, and
/// — through the ids returned — its audit entries' values). The export adds nothing: the lead's data
/// is the contact's, already exported.
/// </summary>
public sealed class LeadsErasureParticipant(RapportDb db) : IErasureParticipant
{
    public Task ExportAsync(Guid contactId, JsonObject export, CancellationToken ct) => Task.CompletedTask;

    public async Task<IReadOnlyCollection<Guid>> EraseAsync(Guid contactId, CancellationToken ct)
    {
        foreach (var s in await db.FormSubmissions.Where(s => s.ContactId == contactId).ToListAsync(ct)) { s.Data = "{}"; s.Origin = null; }
        foreach (var e in await db.LeadEvents.Where(e => e.ContactId == contactId && e.Detail != null).ToListAsync(ct)) e.Detail = null;
        var leads = await db.Leads.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(l => l.ConvertedContactId == contactId).ToListAsync(ct);
        foreach (var l in leads)
        {
            l.FirstName = ""; l.LastName = "(erased)"; l.Email = null; l.Phone = null; l.Title = null; l.Consent = "{}";
            foreach (var s in await db.FormSubmissions.Where(s => s.LeadId == l.Id).ToListAsync(ct)) { s.Data = "{}"; s.Origin = null; }
        }
        return leads.Select(l => l.Id).ToList();
    }
}
