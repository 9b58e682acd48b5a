using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Activities;

/// <summary>
/// A contact's data-subject rights over activities: the export lists its interactions, notes and
/// tasks; erasure redacts them (those in the trash too) and the notifications quoting them (a
/// mention's excerpt, a reminder's title). Rows stay, so activity counts keep adding up.
/// </summary>
public sealed class ActivitiesErasureParticipant(RapportDb db) : IErasureParticipant
{
    public async Task ExportAsync(Guid contactId, JsonObject export, CancellationToken ct)
    {
        var o = JsonDefaults.Options;
        export["interactions"] = JsonSerializer.SerializeToNode(await db.Interactions.AsNoTracking().Where(i => i.ContactId == contactId).OrderBy(i => i.OccurredAt)
            .Select(i => new { i.Id, i.Channel, i.Direction, i.OccurredAt, i.DurationSeconds, i.Subject, i.Body, i.Outcome, i.Participants }).ToListAsync(ct), o);
        export["notes"] = JsonSerializer.SerializeToNode(await db.Notes.AsNoTracking().Where(n => n.ContactId == contactId).OrderBy(n => n.CreatedAt)
            .Select(n => new { n.Id, n.Body, n.CreatedAt }).ToListAsync(ct), o);
        export["tasks"] = JsonSerializer.SerializeToNode(await db.Tasks.AsNoTracking().Where(t => t.ContactId == contactId).OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Id, t.Title, t.Description, t.DueAt, t.Status, t.CompletedAt }).ToListAsync(ct), o);
    }

    public async Task<IReadOnlyCollection<Guid>> EraseAsync(Guid contactId, CancellationToken ct)
    {
        const string redacted = ContactPrivacy.Redacted;
        var interactions = await db.Interactions.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(i => i.ContactId == contactId).ToListAsync(ct);
        foreach (var i in interactions) { i.Subject = redacted; i.Body = null; i.Outcome = null; i.Participants = "[]"; }
        var notes = await db.Notes.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(n => n.ContactId == contactId).ToListAsync(ct);
        foreach (var n in notes) { n.Body = redacted; n.Mentions = "[]"; }
        var tasks = await db.Tasks.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(t => t.ContactId == contactId).ToListAsync(ct);
        foreach (var t in tasks) { t.Title = redacted; t.Description = null; }

        List<Guid> ids = [.. interactions.Select(i => i.Id), .. notes.Select(n => n.Id), .. tasks.Select(t => t.Id)];
        // Notifications quote the note or task they are about (a mention's excerpt, a reminder's title).
        foreach (var n in await db.Notifications.Where(n => n.RecordId != null && ids.Contains(n.RecordId.Value)).ToListAsync(ct))
        {
            n.Body = null;
            if (n.Kind == NotificationKinds.TaskReminder) n.Title = "Task reminder: " + redacted;
        }
        return ids;
    }
}
