using Rapport.Records;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Customers;

/// <summary>Applies an account's JSON (whole on create, merge patch on update) with every rule checked.</summary>
public sealed class AccountWriter(RapportDb db, CustomerAccess access)
{
    private static readonly HashSet<string> ReadOnly = ["id", "createdAt", "updatedAt", "version"];
    private static readonly HashSet<string> Known =
        ["name", "domain", "industry", "size", "annualRevenue", "phone", "addresses", "parentAccountId", "ownerId", "tags", "customFields", "externalId"];

    public async Task ApplyAsync(Account a, JsonObject body, bool creating, CancellationToken ct) =>
        await ApplyAsync(a, body, creating, await SessionAsync(bulk: false, ct), ct);

    /// <summary>Read once per request or per import (<see cref="WriteSession"/>).</summary>
    public async Task<WriteSession> SessionAsync(bool bulk, CancellationToken ct) => new()
    {
        Country = await RecordFields.DefaultCountryAsync(db, ct),
        Defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct),
        Actor = await access.ActingUserIdAsync(ct),
        ActiveMembers = bulk ? await WriteSession.ActiveMembersAsync(db, ct) : null,
    };

    public async Task ApplyAsync(Account a, JsonObject body, bool creating, WriteSession session, CancellationToken ct)
    {
        var e = new FieldErrors();
        var country = session.Country;
        var defs = session.Defs;
        foreach (var (key, _) in body)
            if (ReadOnly.Contains(key)) e.Add(key, "This field cannot be changed.");
            else if (!Known.Contains(key)) e.Add(key, "Unknown field.");

        if (body.ContainsKey("name") || creating) a.Name = JsonInput.Text(body["name"], "name", e, 200, required: true) ?? a.Name;
        if (body.ContainsKey("domain"))
        {
            var raw = JsonInput.Text(body["domain"], "domain", e, 253);
            var domain = NormalizeDomain(raw);
            if (raw is not null && domain is null) e.Add("domain", "Must be a domain name such as example.com.");
            else a.Domain = domain;
        }
        if (body.ContainsKey("industry")) a.Industry = JsonInput.Text(body["industry"], "industry", e, 100);
        if (body.ContainsKey("size"))
        {
            var size = JsonInput.Text(body["size"], "size", e, 20);
            if (size is not null && !AccountSizes.All.Contains(size)) e.Add("size", $"Must be one of: {string.Join(", ", AccountSizes.All)}.");
            else a.Size = size;
        }
        if (body.ContainsKey("annualRevenue"))
        {
            var revenue = JsonInput.Number(body["annualRevenue"], "annualRevenue", e);
            if (revenue is < 0 or >= 1e15m) e.Add("annualRevenue", "Must be a positive amount below 10^15.");
            else a.AnnualRevenue = revenue;
        }
        if (body.ContainsKey("phone"))
        {
            var raw = JsonInput.Text(body["phone"], "phone", e, 40);
            var number = raw is null ? null : PhoneNumbers.Normalize(raw, country);
            if (raw is not null && number is null) e.Add("phone", "Must be a phone number, e.g. +1 415 555 0100.");
            else a.Phone = number;
        }
        if (body.ContainsKey("addresses") && RecordFields.Addresses(body["addresses"], e) is { } addresses)
            a.Addresses = JsonSerializer.Serialize(addresses, JsonDefaults.Options);
        if (body.ContainsKey("externalId")) a.ExternalId = JsonInput.Text(body["externalId"], "externalId", e, 200);
        if (body.ContainsKey("parentAccountId"))
        {
            var parent = JsonInput.Id(body["parentAccountId"], "parentAccountId", e);
            if (parent is { } pid)
            {
                if (pid == a.Id) e.Add("parentAccountId", "An account cannot be its own parent.");
                else if (!await (await access.AccountsAsync(ct)).AnyAsync(x => x.Id == pid, ct)) e.Add("parentAccountId", "The account was not found.");
                else if (!creating && await IsDescendantAsync(pid, a.Id, ct)) e.Add("parentAccountId", "This would make a cycle: the parent is a child of this account.");
                else a.ParentAccountId = pid;
            }
            else a.ParentAccountId = null;
        }
        if (body.ContainsKey("ownerId"))
        {
            var owner = JsonInput.Id(body["ownerId"], "ownerId", e);
            if (owner is { } o && !await session.IsActiveMemberAsync(db, o, ct)) e.Add("ownerId", "Must be an active member of the workspace.");
            else a.OwnerId = owner;
        }
        else if (creating) a.OwnerId = session.Actor;
        var tags = body.ContainsKey("tags") ? RecordFields.Tags(body["tags"], e) : null;
        if (body.ContainsKey("customFields") || creating)
            a.CustomFields = CustomFieldValues.Merge(a.CustomFields, body["customFields"], defs, e, country, creating);
        e.ThrowIfAny();

        if (!session.Bulk)
            await RecordFields.EnsureUniqueAsync(db.Accounts.Where(x => x.Id != a.Id), a.CustomFields, defs, x => x.CustomFields, x => x.Id, db.IsSqlite, ct);
        if (tags is not null)
        {
            a.Tags.RemoveAll(t => !tags.Contains(t.Tag));
            foreach (var t in tags.Where(t => a.Tags.All(x => x.Tag != t)))
                a.Tags.Add(new AccountTag { WorkspaceId = a.WorkspaceId, AccountId = a.Id, Tag = t });
        }
        a.UpdatedAt = db.Now;
        if (creating) a.CreatedAt = a.UpdatedAt;
    }

    private async Task<bool> IsDescendantAsync(Guid candidate, Guid ancestor, CancellationToken ct)
    {
        var current = (Guid?)candidate;
        for (var depth = 0; current is { } id && depth < 50; depth++)
        {
            if (id == ancestor) return true;
            current = await db.Accounts.Where(x => x.Id == id).Select(x => x.ParentAccountId).SingleOrDefaultAsync(ct);
        }
        return false;
    }

    /// <summary>"https://www.Example.com/about" → "example.com"; null when it is not a domain.</summary>
    public static string? NormalizeDomain(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.Trim().ToLowerInvariant();
        if (s.Contains("://")) s = Uri.TryCreate(s, UriKind.Absolute, out var u) ? u.Host : s;
        s = s.Split('/')[0];
        if (s.StartsWith("www.")) s = s[4..];
        var labels = s.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || !l.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-') || l.StartsWith('-') || l.EndsWith('-')))
            return null;
        return s;
    }
}
