using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Rapport.Common;

namespace Rapport.Records;

/// <summary>The kinds of record that can be found duplicate and merged (<see cref="MergeContext.Entity"/>).</summary>
public static class DuplicateEntities
{
    public const string Contact = "contact", Account = "account";
    public static readonly string[] All = [Contact, Account];
}

/// <summary>One merge as the participants see it: the entity, the survivor, the records merged into it, the field choices.</summary>
public sealed record MergeContext(string Entity, Guid SurvivorId, IReadOnlyList<Guid> MergedIds, IReadOnlyDictionary<string, Guid> FieldChoices);

/// <summary>
/// The extension point of merge: each module that owns rows hanging off a contact or an account
/// moves them to the survivor in <see cref="MergeAsync"/> and returns what it needs to move them
/// back (stored in the merge record under <see cref="Name"/>); <see cref="UndoAsync"/> gets that
/// back. Participants change tracked entities (so the audit log sees every move) and do not save:
/// the merge saves once, in one transaction. A new module registers its own:
/// <c>services.AddScoped&lt;IMergeParticipant, DealMergeParticipant&gt;()</c>.
/// </summary>
public interface IMergeParticipant
{
    /// <summary>A stable key of this participant's undo state, e.g. "customers", "activities".</summary>
    string Name { get; }
    /// <summary>Fields whose winning value the user may choose, per entity ("firstName", "customFields.x" are checked by the participant).</summary>
    IReadOnlyCollection<string> ChoosableFields(string entity);
    Task<JsonNode?> MergeAsync(MergeContext merge, CancellationToken ct);
    Task UndoAsync(MergeContext merge, JsonNode? state, CancellationToken ct);
}

/// <summary>Records a tracked entity's changed properties (old and new) and puts them back where nobody changed them since.</summary>
public static class FieldSnapshot
{
    private static readonly HashSet<string> Bookkeeping = ["Version", "UpdatedAt"];

    public static JsonObject Take(EntityEntry entry)
    {
        entry.DetectChanges();
        var o = new JsonObject();
        foreach (var p in entry.Properties)
        {
            if (!p.IsModified || Bookkeeping.Contains(p.Metadata.Name) || Equals(p.OriginalValue, p.CurrentValue)) continue;
            o[p.Metadata.Name] = new JsonObject
            {
                ["old"] = JsonSerializer.SerializeToNode(p.OriginalValue, p.Metadata.ClrType, JsonDefaults.Options),
                ["new"] = JsonSerializer.SerializeToNode(p.CurrentValue, p.Metadata.ClrType, JsonDefaults.Options),
            };
        }
        return o;
    }

    /// <summary>Restores each recorded field whose value is still the one the merge set; a field edited since keeps the edit.</summary>
    public static void Restore(EntityEntry entry, JsonObject? snapshot)
    {
        if (snapshot is null) return;
        foreach (var (name, change) in snapshot)
        {
            if (change is not JsonObject c || entry.Properties.FirstOrDefault(p => p.Metadata.Name == name) is not { } p) continue;
            var type = p.Metadata.ClrType;
            var set = c["new"].Deserialize(type, JsonDefaults.Options);
            if (Same(p.CurrentValue, set)) p.CurrentValue = c["old"].Deserialize(type, JsonDefaults.Options);
        }
    }

    /// <summary>Equal values; JSON columns compared as JSON (PostgreSQL's jsonb gives them back re-formatted).</summary>
    private static bool Same(object? current, object? set)
    {
        if (Equals(current, set)) return true;
        if (current is not string a || set is not string b || a.Length == 0 || b.Length == 0 || a[0] is not ('[' or '{') || b[0] is not ('[' or '{')) return false;
        try { return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b)); }
        catch (JsonException) { return false; }
    }
}
