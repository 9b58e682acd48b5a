using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Leads;

/// <summary>
/// Applies a lead's JSON (a whole body on create, a merge patch on update) with every rule checked:
/// e-mail, phone to E.164 (workspace country), website, country code, status (converted only by
/// converting; a disqualified lead may carry a reason), owner (an active member), custom fields (the
/// lead's definitions, as contacts': typed, required, unique → 409). Create, update,
/// web forms and the import pipeline share it.
/// </summary>
public sealed class LeadWriter(RapportDb db)
{
    private List<CustomFieldDefinition>? defs;

    /// <summary>The workspace's lead custom fields, read once per writer (a scope: one request or one import).</summary>
    public async Task<List<CustomFieldDefinition>> CustomFieldDefsAsync(CancellationToken ct) =>
        defs ??= await ManageCustomFields.ForEntityAsync(db, LeadAccess.RecordType, ct);

    public static readonly string[] Writable =
    [
        "firstName", "lastName", "email", "phone", "company", "title", "website", "employees", "industry", "country", "region", "city",
        "source", "campaign", "status", "disqualifiedReason", "ownerId", "customFields",
    ];
    private static readonly HashSet<string> ReadOnly =
        ["id", "score", "createdAt", "updatedAt", "version", "assignedByRule", "consent", "convertedContactId", "convertedAccountId", "convertedDealId", "convertedAt"];

    public Task ApplyAsync(Lead l, JsonObject body, bool creating, CancellationToken ct) => ApplyAsync(l, body, creating, null, ct);

    /// <summary>
    /// What the import reads once instead of once per row: the workspace's country, the lead custom fields
    /// and the active members (a bulk <see cref="WriteSession"/>: custom-field uniqueness is left to the
    /// caller, which checks a whole file against one index), so validating a row costs no query.
    /// </summary>
    public async Task<WriteSession> SessionAsync(Guid? actor, CancellationToken ct) => new()
    {
        Country = await RecordFields.DefaultCountryAsync(db, ct),
        Defs = await CustomFieldDefsAsync(ct),
        Actor = actor,
        ActiveMembers = await WriteSession.ActiveMembersAsync(db, ct),
    };

    /// <summary>The same rules; with a session its country and members are used instead of a query each.</summary>
    public async Task ApplyAsync(Lead l, JsonObject body, bool creating, WriteSession? session, CancellationToken ct)
    {
        var e = new FieldErrors();
        foreach (var (key, _) in body)
            if (ReadOnly.Contains(key)) e.Add(key, "This field cannot be changed.");
            else if (!Writable.Contains(key)) e.Add(key, "Unknown field.");

        bool Has(string k) => body.ContainsKey(k);
        if (Has("firstName") || creating) l.FirstName = JsonInput.Text(body["firstName"], "firstName", e, 100) ?? "";
        if (Has("lastName") || creating) l.LastName = JsonInput.Text(body["lastName"], "lastName", e, 100) ?? "";
        if (Has("email")) l.Email = JsonInput.Email(JsonInput.Text(body["email"], "email", e, 254), "email", e);
        if (Has("phone"))
        {
            var raw = JsonInput.Text(body["phone"], "phone", e, 40);
            var number = raw is null ? null : PhoneNumbers.Normalize(raw, session?.Country ?? await RecordFields.DefaultCountryAsync(db, ct));
            if (raw is not null && number is null) e.Add("phone", "Must be a phone number, e.g. +1 415 555 0100.");
            else l.Phone = number;
        }
        if (Has("company")) l.Company = JsonInput.Text(body["company"], "company", e, 200);
        if (Has("title")) l.Title = JsonInput.Text(body["title"], "title", e, 150);
        if (Has("website"))
        {
            var w = JsonInput.Text(body["website"], "website", e, 300);
            if (w is not null && !JsonInput.IsHttpUrl(w) && AccountWriter.NormalizeDomain(w) is null) e.Add("website", "Must be a web address such as https://example.com.");
            else l.Website = w;
        }
        if (Has("employees"))
        {
            var n = JsonInput.Number(body["employees"], "employees", e);
            if (n is { } v && (v < 0 || v > 10_000_000 || v != decimal.Truncate(v))) e.Add("employees", "Must be a whole number from 0 to 10,000,000.");
            else l.Employees = n is null ? null : (int)n.Value;
        }
        if (Has("industry")) l.Industry = JsonInput.Text(body["industry"], "industry", e, 100);
        if (Has("country"))
        {
            var c = JsonInput.Text(body["country"], "country", e, 2);
            if (c is not null && (c.Length != 2 || !c.All(char.IsAsciiLetter))) e.Add("country", "Must be an ISO 3166-1 alpha-2 country code, e.g. FR.");
            else l.Country = c?.ToUpperInvariant();
        }
        if (Has("region")) l.Region = JsonInput.Text(body["region"], "region", e, 100);
        if (Has("city")) l.City = JsonInput.Text(body["city"], "city", e, 100);
        if (Has("source")) l.Source = JsonInput.Text(body["source"], "source", e, 100);
        if (Has("campaign")) l.Campaign = JsonInput.Text(body["campaign"], "campaign", e, 200);

        if (Has("status"))
        {
            var status = JsonInput.Text(body["status"], "status", e, 20, required: true);
            if (status is not null)
            {
                if (l.Status == LeadStatuses.Converted && status != LeadStatuses.Converted) e.Add("status", "A converted lead keeps its status.");
                else if (status == LeadStatuses.Converted && l.Status != LeadStatuses.Converted) e.Add("status", "Convert the lead to make it converted (POST /api/v1/leads/{id}/convert).");
                else if (!LeadStatuses.All.Contains(status)) e.Add("status", $"Must be one of: {string.Join(", ", LeadStatuses.Settable)}.");
                else l.Status = status;
            }
        }
        if (Has("disqualifiedReason")) l.DisqualifiedReason = JsonInput.Text(body["disqualifiedReason"], "disqualifiedReason", e, 500);
        if (l.Status != LeadStatuses.Disqualified && l.DisqualifiedReason is not null)
        {
            if (Has("disqualifiedReason")) e.Add("disqualifiedReason", "Only a disqualified lead has a reason.");
            else l.DisqualifiedReason = null;
        }

        if (Has("ownerId"))
        {
            var owner = JsonInput.Id(body["ownerId"], "ownerId", e);
            if (owner is { } o && !(session is null ? await Platform.Membership.IsActiveMemberAsync(db, o, ct) : await session.IsActiveMemberAsync(db, o, ct))) e.Add("ownerId", "Must be an active member of the workspace.");
            else if (owner != l.OwnerId) { l.OwnerId = owner; l.AssignedByRule = null; }
        }

        if (Has("customFields") || creating)
        {
            var leadDefs = await CustomFieldDefsAsync(ct);
            if (leadDefs.Count > 0 || Has("customFields"))
                l.CustomFields = CustomFieldValues.Merge(l.CustomFields, body["customFields"], leadDefs, e,
                    session?.Country ?? await RecordFields.DefaultCountryAsync(db, ct), creating);
        }

        if (creating && l.FirstName.Length == 0 && l.LastName.Length == 0 && l.Email is null && l.Company is null)
            e.Add("lastName", "Give at least a name, an e-mail address or a company.");
        e.ThrowIfAny();
        if (Has("customFields") && session?.Bulk != true && (await CustomFieldDefsAsync(ct)).Any(d => d.Unique))
            await RecordFields.EnsureUniqueAsync(db.Leads.Where(x => x.Id != l.Id), l.CustomFields, await CustomFieldDefsAsync(ct),
                x => x.CustomFields, x => x.Id, db.IsSqlite, ct);

        var now = db.Now;
        l.UpdatedAt = now;
        if (creating) l.CreatedAt = now;
    }
}
