using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>
/// Merge for the Customers module's own rows. The survivor's fields: a chosen record's value wins;
/// otherwise the survivor keeps its own, and an empty one is filled from the newest merged record
/// that has it. Multi-value fields are unioned (e-mails, phones, addresses, social handles, custom
/// fields, tags, account links); consent per channel takes the latest decision. The consent ledger
/// and stage history move to the survivor; an account's contact links and child accounts move too.
/// The merged records go to the trash. Undo reverses each step from the recorded state.
/// </summary>
public sealed class CustomersMergeParticipant(RapportDb db) : IMergeParticipant
{
    public string Name => "customers";

    private static readonly string[] ContactFields = ["firstName", "lastName", "email", "phone", "birthDate", "jobTitle", "ownerId", "source", "lifecycleStage", "externalId"];
    private static readonly string[] AccountFields = ["name", "domain", "industry", "size", "annualRevenue", "phone", "parentAccountId", "ownerId", "externalId"];

    public IReadOnlyCollection<string> ChoosableFields(string entity) => entity == DuplicateEntities.Account ? AccountFields : ContactFields;

    private sealed record MovedRow(Guid Id, Guid From);
    private sealed record MovedLink(Guid ContactId, Guid AccountId, Guid From, string Role, string? Title, DateTime CreatedAt);
    private sealed record State(JsonObject Survivor, List<string> AddedTags, List<Guid> AddedLinks, List<MovedRow> Consent, List<MovedRow> Stages,
        List<MovedLink> Links, List<MovedRow> Children, Guid? StageChangeId);

    public async Task<JsonNode?> MergeAsync(MergeContext m, CancellationToken ct)
    {
        // The merged records go to the trash, where their tags and links stay with them (undo needs
        // them). EF would delete their tracked dependents the moment a record is removed; on save,
        // RapportDb turns the delete into a soft delete before any cascade would run.
        db.ChangeTracker.CascadeDeleteTiming = Microsoft.EntityFrameworkCore.ChangeTracking.CascadeTiming.OnSaveChanges;
        return JsonSerializer.SerializeToNode(m.Entity == DuplicateEntities.Account ? await MergeAccountsAsync(m, ct) : await MergeContactsAsync(m, ct), JsonDefaults.Options);
    }

    private async Task<State> MergeContactsAsync(MergeContext m, CancellationToken ct)
    {
        var ids = m.MergedIds.ToList();
        var survivor = await db.Contacts.Include(c => c.Tags).Include(c => c.Accounts).SingleAsync(c => c.Id == m.SurvivorId, ct);
        // Newest first: an empty survivor field is filled from the most recently updated record.
        var merged = await db.Contacts.Include(c => c.Tags).Include(c => c.Accounts).Where(c => ids.Contains(c.Id)).OrderByDescending(c => c.UpdatedAt).ToListAsync(ct);
        var all = merged.Prepend(survivor).ToList();
        var oldStage = survivor.LifecycleStage;

        ApplyScalars(survivor, all, ContactFields.Where(f => f is not ("email" or "phone")), m.FieldChoices, c => c.Id);
        var emails = Union(all.Select(c => ContactDto.Read<List<EmailAddress>>(c.Emails) ?? []), x => x.Address);
        var primaryEmail = Chosen(m, "email", all, c => c.Id)?.Email ?? survivor.Email ?? merged.Select(c => c.Email).FirstOrDefault(x => x is not null);
        emails = emails.Select(x => x with { Primary = x.Address == primaryEmail }).ToList();
        survivor.Emails = JsonSerializer.Serialize(emails, JsonDefaults.Options);
        survivor.Email = primaryEmail;
        var phones = Union(all.Select(c => ContactDto.Read<List<PhoneNumber>>(c.Phones) ?? []), x => x.Number);
        var primaryPhone = Chosen(m, "phone", all, c => c.Id)?.Phone ?? survivor.Phone ?? merged.Select(c => c.Phone).FirstOrDefault(x => x is not null);
        phones = phones.Select(x => x with { Primary = x.Number == primaryPhone }).ToList();
        survivor.Phones = JsonSerializer.Serialize(phones, JsonDefaults.Options);
        survivor.Phone = primaryPhone;
        survivor.Addresses = JsonSerializer.Serialize(Union(all.Select(c => ContactDto.Read<List<PostalAddress>>(c.Addresses) ?? []), a => a with { Label = null }), JsonDefaults.Options);
        survivor.Social = UnionObjects(all.Select(c => c.Social), [], all.Select(c => c.Id).ToList());
        survivor.CustomFields = UnionObjects(all.Select(c => c.CustomFields), CustomChoices(m), all.Select(c => c.Id).ToList());
        var consent = new Dictionary<string, ConsentState>();
        foreach (var c in all)
            foreach (var (channel, s) in ContactDto.ConsentOf(c.Consent))
                if (s.Status != ConsentChannels.Unknown && (!consent.TryGetValue(channel, out var have) || (s.At ?? DateTime.MinValue) > (have.At ?? DateTime.MinValue)))
                    consent[channel] = s;
        survivor.Consent = JsonSerializer.Serialize(consent, JsonDefaults.Options);
        survivor.UpdatedAt = db.Now;

        var addedTags = new List<string>();
        foreach (var t in merged.SelectMany(c => c.Tags).Select(t => t.Tag).Distinct(StringComparer.OrdinalIgnoreCase))
            if (survivor.Tags.All(x => !string.Equals(x.Tag, t, StringComparison.OrdinalIgnoreCase)) && survivor.Tags.Count < RecordFields.MaxTags)
            {
                survivor.Tags.Add(new ContactTag { WorkspaceId = survivor.WorkspaceId, ContactId = survivor.Id, Tag = t });
                addedTags.Add(t);
            }
        var addedLinks = new List<Guid>();
        foreach (var link in merged.SelectMany(c => c.Accounts))
            if (survivor.Accounts.All(a => a.AccountId != link.AccountId))
            {
                survivor.Accounts.Add(new ContactAccount { WorkspaceId = survivor.WorkspaceId, ContactId = survivor.Id, AccountId = link.AccountId, Role = link.Role, Title = link.Title, CreatedAt = link.CreatedAt });
                addedLinks.Add(link.AccountId);
            }
        var consentRows = await db.ConsentEvents.Where(x => ids.Contains(x.ContactId)).ToListAsync(ct);
        var movedConsent = consentRows.Select(x => new MovedRow(x.Id, x.ContactId)).ToList();
        foreach (var x in consentRows) x.ContactId = survivor.Id;
        var stageRows = await db.LifecycleStageChanges.Where(x => ids.Contains(x.ContactId)).ToListAsync(ct);
        var movedStages = stageRows.Select(x => new MovedRow(x.Id, x.ContactId)).ToList();
        foreach (var x in stageRows) x.ContactId = survivor.Id;
        Guid? stageChange = null;
        if (survivor.LifecycleStage != oldStage)
        {
            var change = new LifecycleStageChange { WorkspaceId = survivor.WorkspaceId, ContactId = survivor.Id, FromStage = oldStage, ToStage = survivor.LifecycleStage, ChangedAt = db.Now, ChangedByUserId = db.Request.UserId };
            db.LifecycleStageChanges.Add(change);
            stageChange = change.Id;
        }
        var snapshot = FieldSnapshot.Take(db.Entry(survivor));
        foreach (var c in merged) db.Contacts.Remove(c);
        return new State(snapshot, addedTags, addedLinks, movedConsent, movedStages, [], [], stageChange);
    }

    private async Task<State> MergeAccountsAsync(MergeContext m, CancellationToken ct)
    {
        var ids = m.MergedIds.ToList();
        var survivor = await db.Accounts.Include(a => a.Tags).SingleAsync(a => a.Id == m.SurvivorId, ct);
        var merged = await db.Accounts.Include(a => a.Tags).Where(a => ids.Contains(a.Id)).OrderByDescending(a => a.UpdatedAt).ToListAsync(ct);
        var all = merged.Prepend(survivor).ToList();
        ApplyScalars(survivor, all, AccountFields, m.FieldChoices, a => a.Id);
        if (survivor.ParentAccountId is { } parent && (parent == survivor.Id || ids.Contains(parent))) survivor.ParentAccountId = null;
        survivor.Addresses = JsonSerializer.Serialize(Union(all.Select(a => ContactDto.Read<List<PostalAddress>>(a.Addresses) ?? []), a => a with { Label = null }), JsonDefaults.Options);
        survivor.CustomFields = UnionObjects(all.Select(a => a.CustomFields), CustomChoices(m), all.Select(a => a.Id).ToList());
        survivor.UpdatedAt = db.Now;

        var addedTags = new List<string>();
        foreach (var t in merged.SelectMany(a => a.Tags).Select(t => t.Tag).Distinct(StringComparer.OrdinalIgnoreCase))
            if (survivor.Tags.All(x => !string.Equals(x.Tag, t, StringComparison.OrdinalIgnoreCase)) && survivor.Tags.Count < RecordFields.MaxTags)
            {
                survivor.Tags.Add(new AccountTag { WorkspaceId = survivor.WorkspaceId, AccountId = survivor.Id, Tag = t });
                addedTags.Add(t);
            }
        // Contact links: the key holds the account, so a move is a delete and an insert.
        var links = await db.ContactAccounts.Where(l => ids.Contains(l.AccountId)).ToListAsync(ct);
        var linkedToSurvivor = (await db.ContactAccounts.Where(l => l.AccountId == survivor.Id).Select(l => l.ContactId).ToListAsync(ct)).ToHashSet();
        var moved = new List<MovedLink>();
        foreach (var l in links)
        {
            if (!linkedToSurvivor.Add(l.ContactId)) continue;
            db.ContactAccounts.Remove(l);
            db.ContactAccounts.Add(new ContactAccount { WorkspaceId = l.WorkspaceId, ContactId = l.ContactId, AccountId = survivor.Id, Role = l.Role, Title = l.Title, CreatedAt = l.CreatedAt });
            moved.Add(new MovedLink(l.ContactId, survivor.Id, l.AccountId, l.Role, l.Title, l.CreatedAt));
        }
        var children = await db.Accounts.Where(a => a.ParentAccountId != null && ids.Contains(a.ParentAccountId.Value) && a.Id != survivor.Id).ToListAsync(ct);
        var movedChildren = children.Select(a => new MovedRow(a.Id, a.ParentAccountId!.Value)).ToList();
        foreach (var a in children) a.ParentAccountId = survivor.Id;
        var snapshot = FieldSnapshot.Take(db.Entry(survivor));
        foreach (var a in merged) db.Accounts.Remove(a);
        return new State(snapshot, addedTags, [], [], [], moved, movedChildren, null);
    }

    public async Task UndoAsync(MergeContext m, JsonNode? stateNode, CancellationToken ct)
    {
        var state = stateNode.Deserialize<State>(JsonDefaults.Options) ?? throw new ConflictException("This merge cannot be undone: its record is incomplete.");
        var ids = m.MergedIds.ToList();
        if (m.Entity == DuplicateEntities.Account)
        {
            var survivor = await db.Accounts.Include(a => a.Tags).SingleAsync(a => a.Id == m.SurvivorId, ct);
            await RestoreAsync<Account>(ids, ct);
            FieldSnapshot.Restore(db.Entry(survivor), state.Survivor);
            survivor.UpdatedAt = db.Now;
            survivor.Tags.RemoveAll(t => state.AddedTags.Contains(t.Tag));
            foreach (var l in state.Links)
            {
                var now = await db.ContactAccounts.SingleOrDefaultAsync(x => x.ContactId == l.ContactId && x.AccountId == l.AccountId, ct);
                if (now is null) continue;
                db.ContactAccounts.Remove(now);
                db.ContactAccounts.Add(new ContactAccount { WorkspaceId = now.WorkspaceId, ContactId = l.ContactId, AccountId = l.From, Role = now.Role, Title = now.Title, CreatedAt = l.CreatedAt });
            }
            var childIds = state.Children.Select(c => c.Id).ToList();
            foreach (var child in await db.Accounts.Where(a => childIds.Contains(a.Id) && a.ParentAccountId == m.SurvivorId).ToListAsync(ct))
                child.ParentAccountId = state.Children.First(c => c.Id == child.Id).From;
        }
        else
        {
            var survivor = await db.Contacts.Include(c => c.Tags).Include(c => c.Accounts).SingleAsync(c => c.Id == m.SurvivorId, ct);
            await RestoreAsync<Contact>(ids, ct);
            FieldSnapshot.Restore(db.Entry(survivor), state.Survivor);
            survivor.UpdatedAt = db.Now;
            survivor.Tags.RemoveAll(t => state.AddedTags.Contains(t.Tag));
            survivor.Accounts.RemoveAll(a => state.AddedLinks.Contains(a.AccountId));
            var consentIds = state.Consent.Select(x => x.Id).ToList();
            foreach (var x in await db.ConsentEvents.Where(x => consentIds.Contains(x.Id) && x.ContactId == m.SurvivorId).ToListAsync(ct))
                x.ContactId = state.Consent.First(c => c.Id == x.Id).From;
            var stageIds = state.Stages.Select(x => x.Id).ToList();
            foreach (var x in await db.LifecycleStageChanges.Where(x => stageIds.Contains(x.Id) && x.ContactId == m.SurvivorId).ToListAsync(ct))
                x.ContactId = state.Stages.First(c => c.Id == x.Id).From;
            if (state.StageChangeId is { } added && await db.LifecycleStageChanges.SingleOrDefaultAsync(x => x.Id == added, ct) is { } row)
                db.LifecycleStageChanges.Remove(row);
        }
    }

    /// <summary>Takes the merged records out of the trash (a merged record restored by hand since is fine).</summary>
    private async Task RestoreAsync<T>(List<Guid> ids, CancellationToken ct) where T : class, ISoftDeletable
    {
        var rows = await db.Set<T>().IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(x => ids.Contains(x.Id)).ToListAsync(ct);
        if (rows.Count != ids.Count) throw new ConflictException("A merged record was purged from the trash; the merge can no longer be undone.");
        foreach (var r in rows) r.DeletedAt = null;
        await AuditTrail.ForgetTrashAsync(db, ids, ct);
    }

    private static T? Chosen<T>(MergeContext m, string field, List<T> all, Func<T, Guid> idOf) where T : class =>
        m.FieldChoices.TryGetValue(field, out var from) ? all.FirstOrDefault(x => idOf(x) == from) : null;

    private static void ApplyScalars<T>(T survivor, List<T> all, IEnumerable<string> fields, IReadOnlyDictionary<string, Guid> choices, Func<T, Guid> idOf) where T : class
    {
        foreach (var field in fields)
        {
            var prop = typeof(T).GetProperty(char.ToUpperInvariant(field[0]) + field[1..], BindingFlags.Public | BindingFlags.Instance)!;
            if (choices.TryGetValue(field, out var from) && all.FirstOrDefault(x => idOf(x) == from) is { } source)
                prop.SetValue(survivor, prop.GetValue(source));
            else if (IsEmpty(prop.GetValue(survivor)) && all.Skip(1).Select(prop.GetValue).FirstOrDefault(v => !IsEmpty(v)) is { } fill)
                prop.SetValue(survivor, fill);
        }
    }

    private static bool IsEmpty(object? v) => v is null || v is string { Length: 0 };

    private static List<T> Union<T, TKey>(IEnumerable<List<T>> lists, Func<T, TKey> key)
    {
        var seen = new HashSet<TKey>();
        var result = new List<T>();
        foreach (var list in lists)
            foreach (var x in list)
                if (seen.Add(key(x))) result.Add(x);
        return result;
    }

    private static Dictionary<string, Guid> CustomChoices(MergeContext m) => m.FieldChoices
        .Where(c => c.Key.StartsWith("customFields.", StringComparison.Ordinal)).ToDictionary(c => c.Key["customFields.".Length..], c => c.Value);

    /// <summary>JSON objects merged key by key: a chosen record's value, else the first record (survivor first) that has the key.</summary>
    private static string UnionObjects(IEnumerable<string> jsons, Dictionary<string, Guid> choices, List<Guid> ids)
    {
        var objects = jsons.Select(j => JsonNode.Parse(j) as JsonObject ?? []).ToList();
        var result = new JsonObject();
        foreach (var o in objects)
            foreach (var (k, v) in o)
                if (!result.ContainsKey(k) && v is not null) result[k] = v.DeepClone();
        foreach (var (k, from) in choices)
        {
            var i = ids.IndexOf(from);
            if (i < 0) continue;
            if (objects[i][k] is { } v) result[k] = v.DeepClone();
            else result.Remove(k);
        }
        return result.ToJsonString();
    }
}
