using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads;

/// <summary>
/// Merge for the Leads module's rows. A contact merge moves what points at the merged contacts to the
/// survivor: the leads converted into them (<c>convertedContactId</c>, leads in the trash too), their
/// lead events and the form submissions logged on them — so the survivor's timeline shows that
/// history. An account merge moves <c>convertedAccountId</c>. Leads are audited by SaveChanges; events
/// and submissions are an append-only log without an audit trail of their own, and their moves are
/// kept in the merge record (which is audited). Undo moves each row back if it still points at the survivor.
/// </summary>
public sealed class LeadsMergeParticipant(RapportDb db) : IMergeParticipant
{
    public string Name => "leads";
    public IReadOnlyCollection<string> ChoosableFields(string entity) => [];

    private const string LeadKind = "lead", EventKind = "leadEvent", SubmissionKind = "formSubmission";
    private sealed record Moved(string Kind, Guid Id, Guid From);

    public async Task<JsonNode?> MergeAsync(MergeContext m, CancellationToken ct)
    {
        var ids = m.MergedIds.ToList();
        var moved = new List<Moved>();
        var leads = db.Leads.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]);
        if (m.Entity == DuplicateEntities.Account)
        {
            foreach (var l in await leads.Where(l => l.ConvertedAccountId != null && ids.Contains(l.ConvertedAccountId.Value)).ToListAsync(ct))
            {
                moved.Add(new Moved(LeadKind, l.Id, l.ConvertedAccountId!.Value));
                l.ConvertedAccountId = m.SurvivorId;
            }
            return JsonSerializer.SerializeToNode(moved, JsonDefaults.Options);
        }
        foreach (var l in await leads.Where(l => l.ConvertedContactId != null && ids.Contains(l.ConvertedContactId.Value)).ToListAsync(ct))
        {
            moved.Add(new Moved(LeadKind, l.Id, l.ConvertedContactId!.Value));
            l.ConvertedContactId = m.SurvivorId;
        }
        foreach (var e in await db.LeadEvents.Where(e => e.ContactId != null && ids.Contains(e.ContactId.Value)).ToListAsync(ct))
        {
            moved.Add(new Moved(EventKind, e.Id, e.ContactId!.Value));
            e.ContactId = m.SurvivorId;
        }
        foreach (var s in await db.FormSubmissions.Where(s => s.ContactId != null && ids.Contains(s.ContactId.Value)).ToListAsync(ct))
        {
            moved.Add(new Moved(SubmissionKind, s.Id, s.ContactId!.Value));
            s.ContactId = m.SurvivorId;
        }
        return JsonSerializer.SerializeToNode(moved, JsonDefaults.Options);
    }

    public async Task UndoAsync(MergeContext m, JsonNode? state, CancellationToken ct)
    {
        var moved = state.Deserialize<List<Moved>>(JsonDefaults.Options) ?? [];
        if (moved.Count == 0) return;
        var from = moved.ToDictionary(x => (x.Kind, x.Id), x => x.From);
        var account = m.Entity == DuplicateEntities.Account;
        var leadIds = Ids(moved, LeadKind);
        if (leadIds.Count > 0)
            foreach (var l in await db.Leads.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(l => leadIds.Contains(l.Id)).ToListAsync(ct))
            {
                // A lead re-linked by hand since keeps its new link.
                if (account) { if (l.ConvertedAccountId == m.SurvivorId) l.ConvertedAccountId = from[(LeadKind, l.Id)]; }
                else if (l.ConvertedContactId == m.SurvivorId) l.ConvertedContactId = from[(LeadKind, l.Id)];
            }
        var eventIds = Ids(moved, EventKind);
        if (eventIds.Count > 0)
            foreach (var e in await db.LeadEvents.Where(e => eventIds.Contains(e.Id) && e.ContactId == m.SurvivorId).ToListAsync(ct))
                e.ContactId = from[(EventKind, e.Id)];
        var submissionIds = Ids(moved, SubmissionKind);
        if (submissionIds.Count > 0)
            foreach (var s in await db.FormSubmissions.Where(s => submissionIds.Contains(s.Id) && s.ContactId == m.SurvivorId).ToListAsync(ct))
                s.ContactId = from[(SubmissionKind, s.Id)];
    }

    private static List<Guid> Ids(List<Moved> moved, string kind) => moved.Where(x => x.Kind == kind).Select(x => x.Id).ToList();
}
