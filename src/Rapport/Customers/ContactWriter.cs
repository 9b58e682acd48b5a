using Rapport.Records;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>
/// Applies a contact's JSON (a whole body on create, a merge patch on update) to the entity, with
/// every rule checked: e-mails and phones (one primary each, phones to E.164), addresses, owner,
/// stage history, tags, accounts with roles, consent ledger, custom fields. Create, update and the
/// import pipeline share it, so a contact is valid whichever door it came through.
/// </summary>
public sealed class ContactWriter(RapportDb db, CustomerAccess access)
{
    private static readonly HashSet<string> ReadOnly = ["id", "createdAt", "updatedAt", "version"];

    public async Task ApplyAsync(Contact c, JsonObject body, bool creating, CancellationToken ct) =>
        await ApplyAsync(c, body, creating, await SessionAsync(bulk: false, ct), ct);

    /// <summary>
    /// What the writer reads once per request, or once per import (<paramref name="bulk"/>: the active
    /// members are preloaded, custom-field uniqueness is left to the caller, and stage/consent records
    /// are collected in the session instead of added to the context), so a row costs no query.
    /// </summary>
    public async Task<WriteSession> SessionAsync(bool bulk, CancellationToken ct) => new()
    {
        Country = await RecordFields.DefaultCountryAsync(db, ct),
        Defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct),
        Actor = await access.ActingUserIdAsync(ct),
        ActiveMembers = bulk ? await WriteSession.ActiveMembersAsync(db, ct) : null,
    };

    public async Task ApplyAsync(Contact c, JsonObject body, bool creating, WriteSession session, CancellationToken ct)
    {
        var e = new FieldErrors();
        var country = session.Country;
        var defs = session.Defs;
        var now = db.Now;

        foreach (var (key, _) in body)
            if (ReadOnly.Contains(key)) e.Add(key, "This field cannot be changed.");
            else if (!Known.Contains(key)) e.Add(key, "Unknown field.");

        if (body.ContainsKey("firstName") || creating) c.FirstName = JsonInput.Text(body["firstName"], "firstName", e, 100) ?? "";
        if (body.ContainsKey("lastName") || creating) c.LastName = JsonInput.Text(body["lastName"], "lastName", e, 100) ?? "";

        // E-mails: the list, then the "email" shorthand for the primary one.
        var emails = ContactDto.Read<List<EmailAddress>>(c.Emails) ?? [];
        if (body.ContainsKey("emails") && JsonInput.Array(body["emails"], "emails", e, 20) is { } ea)
        {
            emails = [];
            for (var i = 0; i < ea.Count; i++)
            {
                var p = $"emails[{i}]";
                if (JsonInput.Object(ea[i], p, e) is not { } o) continue;
                var address = JsonInput.Email(JsonInput.Text(o["address"], $"{p}.address", e, 254, required: true), $"{p}.address", e);
                var label = JsonInput.Text(o["label"], $"{p}.label", e, 50);
                var primary = JsonInput.Bool(o["primary"], $"{p}.primary", e) ?? false;
                if (address is null) continue;
                if (emails.Any(x => x.Address == address)) { e.Add(p, "This address is listed twice."); continue; }
                emails.Add(new EmailAddress(address, label, primary));
            }
            if (emails.Count(x => x.Primary) > 1) e.Add("emails", "Only one address can be primary.");
        }
        if (body.ContainsKey("email"))
        {
            var primary = JsonInput.Email(JsonInput.Text(body["email"], "email", e, 254), "email", e);
            emails = SetPrimary(emails, primary, a => a.Address, (a, p) => a with { Primary = p }, addr => new EmailAddress(addr, null, true));
        }
        emails = EnsureOnePrimary(emails, a => a.Primary, (a, p) => a with { Primary = p });
        c.Emails = JsonSerializer.Serialize(emails, JsonDefaults.Options);
        c.Email = emails.FirstOrDefault(x => x.Primary)?.Address;

        var phones = ContactDto.Read<List<PhoneNumber>>(c.Phones) ?? [];
        if (body.ContainsKey("phones") && JsonInput.Array(body["phones"], "phones", e, 20) is { } pa)
        {
            phones = [];
            for (var i = 0; i < pa.Count; i++)
            {
                var p = $"phones[{i}]";
                if (JsonInput.Object(pa[i], p, e) is not { } o) continue;
                var raw = JsonInput.Text(o["number"], $"{p}.number", e, 40, required: true);
                var label = JsonInput.Text(o["label"], $"{p}.label", e, 50);
                var primary = JsonInput.Bool(o["primary"], $"{p}.primary", e) ?? false;
                if (raw is null) continue;
                var number = PhoneNumbers.Normalize(raw, country);
                if (number is null) { e.Add($"{p}.number", "Must be a phone number, e.g. +1 415 555 0100."); continue; }
                if (phones.Any(x => x.Number == number)) { e.Add(p, "This number is listed twice."); continue; }
                phones.Add(new PhoneNumber(number, label, primary));
            }
            if (phones.Count(x => x.Primary) > 1) e.Add("phones", "Only one number can be primary.");
        }
        if (body.ContainsKey("phone"))
        {
            var raw = JsonInput.Text(body["phone"], "phone", e, 40);
            var number = raw is null ? null : PhoneNumbers.Normalize(raw, country);
            if (raw is not null && number is null) e.Add("phone", "Must be a phone number, e.g. +1 415 555 0100.");
            else phones = SetPrimary(phones, number, x => x.Number, (x, p) => x with { Primary = p }, n => new PhoneNumber(n, null, true));
        }
        phones = EnsureOnePrimary(phones, x => x.Primary, (x, p) => x with { Primary = p });
        c.Phones = JsonSerializer.Serialize(phones, JsonDefaults.Options);
        c.Phone = phones.FirstOrDefault(x => x.Primary)?.Number;

        if (body.ContainsKey("addresses") && RecordFields.Addresses(body["addresses"], e) is { } addresses)
            c.Addresses = JsonSerializer.Serialize(addresses, JsonDefaults.Options);

        if (body.ContainsKey("birthDate"))
        {
            var d = JsonInput.Date(body["birthDate"], "birthDate", e);
            if (d is { } bd && bd > DateOnly.FromDateTime(now)) e.Add("birthDate", "Cannot be in the future.");
            else c.BirthDate = d;
        }
        if (body.ContainsKey("jobTitle")) c.JobTitle = JsonInput.Text(body["jobTitle"], "jobTitle", e, 150);
        if (body.ContainsKey("source")) c.Source = JsonInput.Text(body["source"], "source", e, 100);
        if (body.ContainsKey("externalId")) c.ExternalId = JsonInput.Text(body["externalId"], "externalId", e, 200);
        if (body.ContainsKey("social") && SocialOf(body["social"], e) is { } social) c.Social = social;

        if (body.ContainsKey("ownerId"))
        {
            var owner = JsonInput.Id(body["ownerId"], "ownerId", e);
            if (owner is { } o && !await session.IsActiveMemberAsync(db, o, ct)) e.Add("ownerId", "Must be an active member of the workspace.");
            else c.OwnerId = owner;
        }
        else if (creating) c.OwnerId = session.Actor;

        var oldStage = creating ? null : c.LifecycleStage;
        if (body.ContainsKey("lifecycleStage") || creating)
        {
            var stage = JsonInput.Text(body["lifecycleStage"], "lifecycleStage", e, 20) ?? (creating ? LifecycleStages.Awareness : null);
            if (stage is null || !LifecycleStages.All.Contains(stage)) e.Add("lifecycleStage", $"Must be one of: {string.Join(", ", LifecycleStages.All)}.");
            else c.LifecycleStage = stage;
        }

        List<string>? tags = body.ContainsKey("tags") ? RecordFields.Tags(body["tags"], e) : null;
        List<AccountLink>? links = body.ContainsKey("accounts") ? await AccountLinksAsync(body["accounts"], e, ct) : null;
        if (body.ContainsKey("customFields") || creating)
            c.CustomFields = CustomFieldValues.Merge(c.CustomFields, body["customFields"], defs, e, country, creating);

        var consentChanges = body.ContainsKey("consent") ? ConsentOf(body["consent"], c.Consent, now, e) : [];

        if (creating && c.FirstName.Length == 0 && c.LastName.Length == 0 && c.Email is null)
            e.Add("firstName", "Give at least a first name, a last name or an e-mail address.");
        e.ThrowIfAny();

        if (!session.Bulk)
            await RecordFields.EnsureUniqueAsync(db.Contacts.Where(x => x.Id != c.Id), c.CustomFields, defs, x => x.CustomFields, x => x.Id, db.IsSqlite, ct);

        var workspaceId = db.Request.WorkspaceId;
        var actor = session.Actor;
        if (oldStage != c.LifecycleStage)
            session.Add(db, new LifecycleStageChange
            {
                WorkspaceId = workspaceId, ContactId = c.Id, FromStage = oldStage, ToStage = c.LifecycleStage, ChangedAt = now, ChangedByUserId = actor,
            });
        if (tags is not null)
        {
            c.Tags.RemoveAll(t => !tags.Contains(t.Tag));
            foreach (var t in tags.Where(t => c.Tags.All(x => x.Tag != t)))
                c.Tags.Add(new ContactTag { WorkspaceId = workspaceId, ContactId = c.Id, Tag = t });
        }
        if (links is not null)
        {
            c.Accounts.RemoveAll(a => links.All(l => l.AccountId != a.AccountId));
            foreach (var l in links)
            {
                var existing = c.Accounts.FirstOrDefault(a => a.AccountId == l.AccountId);
                if (existing is null)
                    c.Accounts.Add(new ContactAccount { WorkspaceId = workspaceId, ContactId = c.Id, AccountId = l.AccountId, Role = l.Role, Title = l.Title, CreatedAt = now });
                else { existing.Role = l.Role; existing.Title = l.Title; }
            }
        }
        if (consentChanges.Count > 0)
        {
            var state = ContactDto.ConsentOf(c.Consent).ToDictionary();
            foreach (var (channel, change) in consentChanges)
            {
                state[channel] = change;
                session.Add(db, new ConsentEvent
                {
                    WorkspaceId = workspaceId, ContactId = c.Id, Channel = channel, Status = change.Status, Source = change.Source,
                    At = change.At ?? now, RecordedByUserId = actor, CreatedAt = now,
                });
            }
            c.Consent = JsonSerializer.Serialize(state.Where(s => s.Value.Status != ConsentChannels.Unknown).ToDictionary(), JsonDefaults.Options);
        }
        c.UpdatedAt = now;
        if (creating) c.CreatedAt = now;
    }

    private async Task<List<AccountLink>?> AccountLinksAsync(JsonNode? node, FieldErrors e, CancellationToken ct)
    {
        if (JsonInput.Array(node, "accounts", e, 100) is not { } arr) return null;
        var links = new List<AccountLink>();
        for (var i = 0; i < arr.Count; i++)
        {
            var p = $"accounts[{i}]";
            if (JsonInput.Object(arr[i], p, e) is not { } o) continue;
            var id = JsonInput.Id(o["accountId"], $"{p}.accountId", e);
            if (id is null) { if (JsonInput.IsNull(o["accountId"])) e.Add($"{p}.accountId", "Is required."); continue; }
            var role = JsonInput.Text(o["role"], $"{p}.role", e, 20) ?? AccountRoles.Other;
            if (!AccountRoles.All.Contains(role)) e.Add($"{p}.role", $"Must be one of: {string.Join(", ", AccountRoles.All)}.");
            var title = JsonInput.Text(o["title"], $"{p}.title", e, 150);
            if (links.Any(l => l.AccountId == id)) { e.Add(p, "This account is listed twice."); continue; }
            links.Add(new AccountLink(id.Value, role, title));
        }
        if (links.Count > 0)
        {
            var ids = links.Select(l => l.AccountId).ToList();
            var visible = await (await access.AccountsAsync(ct)).Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
            for (var i = 0; i < links.Count; i++)
                if (!visible.Contains(links[i].AccountId)) e.Add($"accounts[{i}].accountId", "The account was not found.");
        }
        return links;
    }

    private static Dictionary<string, ConsentState> ConsentOf(JsonNode? node, string currentJson, DateTime now, FieldErrors e)
    {
        var changes = new Dictionary<string, ConsentState>();
        if (JsonInput.Object(node, "consent", e) is not { } o) return changes;
        var current = ContactDto.ConsentOf(currentJson);
        foreach (var (channel, value) in o)
        {
            var p = $"consent.{channel}";
            if (!ConsentChannels.All.Contains(channel)) { e.Add(p, $"Must be one of: {string.Join(", ", ConsentChannels.All)}."); continue; }
            if (JsonInput.Object(value, p, e) is not { } v) continue;
            var status = JsonInput.Text(v["status"], $"{p}.status", e, 10, required: true);
            if (status is not null && status is not (ConsentChannels.Granted or ConsentChannels.Revoked))
            { e.Add($"{p}.status", "Must be granted or revoked."); continue; }
            var source = JsonInput.Text(v["source"], $"{p}.source", e, 200);
            var at = JsonInput.Time(v["at"], $"{p}.at", e);
            if (at > now.AddMinutes(5)) e.Add($"{p}.at", "Cannot be in the future.");
            if (status is null) continue;
            var cur = current[channel];
            if (cur.Status != status || cur.Source != source || (at is not null && at != cur.At))
                changes[channel] = new ConsentState(status, source, at ?? now);
        }
        return changes;
    }

    private static string? SocialOf(JsonNode? node, FieldErrors e)
    {
        if (JsonInput.IsNull(node)) return "{}";
        if (JsonInput.Object(node, "social", e) is not { } o) return null;
        var map = new SortedDictionary<string, string>();
        foreach (var (network, handle) in o)
        {
            if (network.Length is 0 or > 30 || !network.All(char.IsAsciiLetterOrDigit)) { e.Add($"social.{network}", "The network must be a short name such as linkedin."); continue; }
            if (JsonInput.Text(handle, $"social.{network}", e, 200) is { } h) map[network] = h;
        }
        return JsonSerializer.Serialize(map);
    }

    private static List<T> SetPrimary<T>(List<T> items, string? value, Func<T, string> keyOf, Func<T, bool, T> withPrimary, Func<string, T> create)
    {
        if (value is null) return items.Where(x => !IsPrimary(x)).ToList();
        var result = items.Select(x => withPrimary(x, keyOf(x) == value)).ToList();
        if (result.All(x => keyOf(x) != value))
        {
            // The new primary replaces the old primary (as a PATCH of "email" would be read) and keeps the others.
            result = items.Where(x => !IsPrimary(x)).Select(x => withPrimary(x, false)).ToList();
            result.Insert(0, create(value));
        }
        return result;

        bool IsPrimary(T x) => withPrimary(x, true)!.Equals(x);
    }

    private static List<T> EnsureOnePrimary<T>(List<T> items, Func<T, bool> isPrimary, Func<T, bool, T> withPrimary)
    {
        if (items.Count == 0 || items.Any(isPrimary)) return items;
        var result = items.ToList();
        result[0] = withPrimary(result[0], true);
        return result;
    }

    private static readonly HashSet<string> Known =
    [
        "firstName", "lastName", "email", "emails", "phone", "phones", "addresses", "birthDate", "jobTitle", "social", "ownerId",
        "source", "lifecycleStage", "tags", "customFields", "accounts", "consent", "externalId",
    ];
}
