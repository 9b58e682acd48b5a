using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Records;

namespace Rapport.Sales;

/// <summary>
/// Merge for the Sales module's rows. An account merge moves the merged accounts' deals (those in the
/// trash too) to the survivor. A contact merge moves the merged contacts' places on deals
/// (<c>deal_contacts</c>, keyed by deal and contact, so a move is a delete and an insert); when the
/// survivor is already on the deal one row stays: the survivor's role, unless it is "other" and a
/// merged contact had a real one (decision maker, champion, …), which then wins; and the earlier
/// position, so a merged contact that was the deal's primary contact leaves the survivor primary.
/// A deal's contacts are not audited columns of the deal, so each deal whose contacts changed gets
/// an audit entry of its own (<c>"contacts": {"old", "new"}</c>, which its timeline shows); a deal's
/// account is a column, audited by SaveChanges. Undo puts each row back where it still points at the
/// survivor (a deal re-linked by hand since keeps its new link).
/// </summary>
public sealed class SalesMergeParticipant(RapportDb db) : IMergeParticipant
{
    public string Name => "sales";
    public IReadOnlyCollection<string> ChoosableFields(string entity) => [];

    private sealed record MovedDeal(Guid Id, Guid From);
    private sealed record Place(Guid ContactId, string Role, int Position);
    /// <summary>One deal's contact rows: the survivor's before (null when it was not on the deal) and after the merge, and the merged contacts' rows removed.</summary>
    private sealed record DealPlaces(Guid DealId, Place? SurvivorBefore, Place SurvivorAfter, List<Place> Merged);
    private sealed record State(List<MovedDeal> Deals, List<DealPlaces> Contacts);

    public async Task<JsonNode?> MergeAsync(MergeContext m, CancellationToken ct)
    {
        var ids = m.MergedIds.ToList();
        if (m.Entity == DuplicateEntities.Account)
        {
            var deals = await db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter])
                .Where(d => d.AccountId != null && ids.Contains(d.AccountId.Value)).ToListAsync(ct);
            var moved = deals.Select(d => new MovedDeal(d.Id, d.AccountId!.Value)).ToList();
            foreach (var d in deals) d.AccountId = m.SurvivorId;
            return JsonSerializer.SerializeToNode(new State(moved, []), JsonDefaults.Options);
        }

        // Deal contact rows live with their deal: a deal in the trash keeps them, and they move too.
        var dealIds = await db.DealContacts.Where(dc => ids.Contains(dc.ContactId)).Select(dc => dc.DealId).Distinct().ToListAsync(ct);
        var rows = await db.DealContacts.Where(dc => dealIds.Contains(dc.DealId)).ToListAsync(ct);
        var places = new List<DealPlaces>();
        foreach (var group in rows.GroupBy(r => r.DealId))
        {
            var before = Listed(group);
            var survivorRow = group.SingleOrDefault(r => r.ContactId == m.SurvivorId);
            var survivorBefore = survivorRow is null ? null : new Place(survivorRow.ContactId, survivorRow.Role, survivorRow.Position);
            var merged = new List<Place>();
            foreach (var r in group.Where(r => ids.Contains(r.ContactId)).OrderBy(r => r.Position).ToList())
            {
                merged.Add(new Place(r.ContactId, r.Role, r.Position));
                db.DealContacts.Remove(r);
                if (survivorRow is null)
                {
                    survivorRow = new DealContact { WorkspaceId = r.WorkspaceId, DealId = r.DealId, ContactId = m.SurvivorId, Role = r.Role, Position = r.Position };
                    db.DealContacts.Add(survivorRow);
                    continue;
                }
                if (survivorRow.Role == DealContactRoles.Other && r.Role != DealContactRoles.Other) survivorRow.Role = r.Role;
                if (r.Position < survivorRow.Position) survivorRow.Position = r.Position;
            }
            places.Add(new DealPlaces(group.Key, survivorBefore, new Place(m.SurvivorId, survivorRow!.Role, survivorRow.Position), merged));
            var after = group.Where(r => !ids.Contains(r.ContactId) && r.ContactId != m.SurvivorId)
                .Select(r => new Place(r.ContactId, r.Role, r.Position)).Append(new Place(m.SurvivorId, survivorRow.Role, survivorRow.Position)).ToList();
            Audit(group.Key, before, after);
        }
        return JsonSerializer.SerializeToNode(new State([], places), JsonDefaults.Options);
    }

    public async Task UndoAsync(MergeContext m, JsonNode? stateNode, CancellationToken ct)
    {
        var state = stateNode.Deserialize<State>(JsonDefaults.Options);
        if (state is null) return; // a merge made before this participant existed moved nothing here
        if (state.Deals.Count > 0)
        {
            var ids = state.Deals.Select(d => d.Id).ToList();
            foreach (var d in await db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(d => ids.Contains(d.Id)).ToListAsync(ct))
                if (d.AccountId == m.SurvivorId) d.AccountId = state.Deals.First(x => x.Id == d.Id).From;
        }
        if (state.Contacts.Count == 0) return;
        var dealIds = state.Contacts.Select(p => p.DealId).ToList();
        var rows = await db.DealContacts.Where(dc => dealIds.Contains(dc.DealId)).ToListAsync(ct);
        foreach (var p in state.Contacts)
        {
            var onDeal = rows.Where(r => r.DealId == p.DealId).ToList();
            // The survivor taken off the deal since: the deal's contacts were edited by hand; they stay.
            if (onDeal.SingleOrDefault(r => r.ContactId == m.SurvivorId) is not { } survivorRow) continue;
            var before = Listed(onDeal);
            var after = onDeal.Select(r => new Place(r.ContactId, r.Role, r.Position)).ToList();
            after.RemoveAll(x => x.ContactId == m.SurvivorId);
            if (p.SurvivorBefore is null) db.DealContacts.Remove(survivorRow);
            else
            {
                // Each value back unless it was changed since the merge.
                if (survivorRow.Role == p.SurvivorAfter.Role) survivorRow.Role = p.SurvivorBefore.Role;
                if (survivorRow.Position == p.SurvivorAfter.Position) survivorRow.Position = p.SurvivorBefore.Position;
                after.Add(new Place(m.SurvivorId, survivorRow.Role, survivorRow.Position));
            }
            foreach (var x in p.Merged.Where(x => onDeal.All(r => r.ContactId != x.ContactId)))
            {
                db.DealContacts.Add(new DealContact { WorkspaceId = survivorRow.WorkspaceId, DealId = p.DealId, ContactId = x.ContactId, Role = x.Role, Position = x.Position });
                after.Add(x);
            }
            Audit(p.DealId, before, after);
        }
    }

    private static List<Place> Listed(IEnumerable<DealContact> rows) => rows.Select(r => new Place(r.ContactId, r.Role, r.Position)).ToList();

    /// <summary>An audit entry for a deal whose contacts changed, in the API's shape (<c>[{"contactId","role"}]</c> in order).</summary>
    private void Audit(Guid dealId, List<Place> before, List<Place> after)
    {
        static List<DealContactDto> Dto(List<Place> places) => places.OrderBy(p => p.Position).ThenBy(p => p.ContactId).Select(p => new DealContactDto(p.ContactId, p.Role)).ToList();
        AuditTrail.Record(db, AuditActions.Updated, "deal", dealId, new Dictionary<string, object?> { ["contacts"] = new { old = Dto(before), @new = Dto(after) } });
    }
}
