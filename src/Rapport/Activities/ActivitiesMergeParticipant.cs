using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Activities;

/// <summary>Merge: interactions, notes and tasks (those in the trash too) of the merged records move to the survivor; undo moves them back.</summary>
public sealed class ActivitiesMergeParticipant(RapportDb db) : IMergeParticipant
{
    public string Name => "activities";
    public IReadOnlyCollection<string> ChoosableFields(string entity) => [];

    private sealed record Moved(string Kind, Guid Id, Guid From);

    public async Task<JsonNode?> MergeAsync(MergeContext m, CancellationToken ct)
    {
        var moved = new List<Moved>();
        moved.AddRange(await MoveAsync(db.Interactions, "interaction", m, (x, c) => x.ContactId = c, (x, a) => x.AccountId = a, ct));
        moved.AddRange(await MoveAsync(db.Notes, "note", m, (x, c) => x.ContactId = c, (x, a) => x.AccountId = a, ct));
        moved.AddRange(await MoveAsync(db.Tasks, "task", m, (x, c) => x.ContactId = c, (x, a) => x.AccountId = a, ct));
        return JsonSerializer.SerializeToNode(moved, JsonDefaults.Options);
    }

    public async Task UndoAsync(MergeContext m, JsonNode? state, CancellationToken ct)
    {
        var moved = state.Deserialize<List<Moved>>(JsonDefaults.Options) ?? [];
        await MoveBackAsync(db.Interactions, moved.Where(x => x.Kind == "interaction").ToList(), m, (x, c) => x.ContactId = c, (x, a) => x.AccountId = a, ct);
        await MoveBackAsync(db.Notes, moved.Where(x => x.Kind == "note").ToList(), m, (x, c) => x.ContactId = c, (x, a) => x.AccountId = a, ct);
        await MoveBackAsync(db.Tasks, moved.Where(x => x.Kind == "task").ToList(), m, (x, c) => x.ContactId = c, (x, a) => x.AccountId = a, ct);
    }

    private static async Task<List<Moved>> MoveAsync<T>(DbSet<T> set, string kind, MergeContext m, Action<T, Guid> setContact, Action<T, Guid> setAccount, CancellationToken ct) where T : class, ILinkedToCustomer
    {
        var ids = m.MergedIds.ToList();
        var account = m.Entity == DuplicateEntities.Account;
        var rows = await set.IgnoreQueryFilters([RapportDb.SoftDeleteFilter])
            .Where(x => account ? x.AccountId != null && ids.Contains(x.AccountId.Value) : x.ContactId != null && ids.Contains(x.ContactId.Value)).ToListAsync(ct);
        var moved = new List<Moved>();
        foreach (var r in rows)
        {
            if (account) { moved.Add(new Moved(kind, r.Id, r.AccountId!.Value)); setAccount(r, m.SurvivorId); }
            else { moved.Add(new Moved(kind, r.Id, r.ContactId!.Value)); setContact(r, m.SurvivorId); }
        }
        return moved;
    }

    private static async Task MoveBackAsync<T>(DbSet<T> set, List<Moved> moved, MergeContext m, Action<T, Guid> setContact, Action<T, Guid> setAccount, CancellationToken ct) where T : class, ILinkedToCustomer
    {
        if (moved.Count == 0) return;
        var ids = moved.Select(x => x.Id).ToList();
        var account = m.Entity == DuplicateEntities.Account;
        foreach (var r in await set.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(x => ids.Contains(x.Id)).ToListAsync(ct))
        {
            var from = moved.First(x => x.Id == r.Id).From;
            // A row re-linked by hand since the merge keeps its new link.
            if (account) { if (r.AccountId == m.SurvivorId) setAccount(r, from); }
            else if (r.ContactId == m.SurvivorId) setContact(r, from);
        }
    }
}
