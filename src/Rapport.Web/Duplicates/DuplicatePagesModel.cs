using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Customers.Features;
using Rapport.Data;
using Rapport.Duplicates;
using Rapport.Duplicates.Features;
using Rapport.Web.Customers;
using Rapport.Records;

namespace Rapport.Web.Duplicates;

public sealed record QueueRecord(Guid Id, string Title, string? Subtitle, string Href);
public sealed record QueueGroup(Guid Id, double Score, IReadOnlyList<string> Reasons, IReadOnlyList<QueueRecord> Records);
public sealed record QueueModel(string Entity, IReadOnlyList<QueueGroup> Groups, string? NextCursor, ManageDuplicates.ScanDto? LastScan, bool CanScan, bool CanWrite)
{
    /// <summary>A result shown once (?done=…).</summary>
    public string? Done { get; init; }
}

public sealed record MergeColumn(Guid Id, string Title, string Href, DateTime UpdatedAt, int Filled);
/// <summary>One field of the side-by-side merge: its value in each record; a choosable field has a radio per record.</summary>
public sealed record MergeRow(string Key, string Label, IReadOnlyList<string> Values, bool Choosable, Guid? Default);
public sealed record MergeModel(string Entity, IReadOnlyList<MergeColumn> Columns, IReadOnlyList<MergeRow> Rows, Guid DefaultSurvivor, Guid? GroupId)
{
    /// <summary>Why the last merge was refused, shown above the form.</summary>
    public string? Error { get; init; }
}
/// <summary>The scan status fragment: the latest scan (null if none ran) of contacts or accounts.</summary>
public sealed record ScanStatusModel(ManageDuplicates.ScanDto? Scan, string Entity);

/// <summary>Loads what the review queue and the merge page show, through the same handlers as the API.</summary>
public sealed class DuplicatePages(RapportDb db, RequestContext ctx, ManageDuplicates manage, CustomerAccess access, GetContact getContact, GetAccount getAccount,
    IEnumerable<IMergeParticipant> participants, Rapport.Web.Shared.WorkspaceFormat fmt)
{
    public static string PathOf(string entity) => entity == DuplicateEntities.Account ? "/accounts" : "/contacts";

    public async Task<QueueModel> QueueAsync(string entity, string? cursor, CancellationToken ct)
    {
        // The page's relative times read the workspace's zone: once, here, not by each component at the same time on one context.
        await fmt.LoadAsync();
        var page = await manage.ListAsync(entity, 50, cursor, ct);
        var ids = page.Items.SelectMany(g => g.RecordIds).Distinct().ToList();
        Dictionary<Guid, QueueRecord> records;
        if (entity == DuplicateEntities.Account)
            records = (await (await access.AccountsAsync(ct)).Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Name, a.Domain, a.Phone }).ToListAsync(ct))
                .ToDictionary(a => a.Id, a => new QueueRecord(a.Id, a.Name, Join(a.Domain, a.Phone), $"/accounts/{a.Id}"));
        else
            records = (await (await access.ContactsAsync(ct)).Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate }).ToListAsync(ct))
                .ToDictionary(c => c.Id, c => new QueueRecord(c.Id, $"{c.FirstName} {c.LastName}".Trim() is { Length: > 0 } n ? n : c.Email ?? "(no name)",
                    Join(c.Email, c.Phone, c.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), $"/contacts/{c.Id}"));
        var groups = page.Items.Select(g => new QueueGroup(g.Id, g.Score, g.Reasons, g.RecordIds.Where(records.ContainsKey).Select(id => records[id]).ToList()))
            .Where(g => g.Records.Count >= 2).ToList();
        return new QueueModel(entity, groups, page.NextCursor, await manage.LatestScanAsync(entity, ct), Roles.IsAdmin(ctx.Role), Roles.CanWrite(ctx.Role));
    }

    private static string? Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p))) is { Length: > 0 } s ? s : null;

    /// <summary>The side-by-side merge of two or more records in sight (else 404).</summary>
    public async Task<MergeModel> MergeAsync(string entity, IReadOnlyList<Guid> ids, Guid? groupId, CancellationToken ct)
    {
        if (ids.Count < 2) throw new ValidationFailedException("ids", "Select at least two records to merge.");
        if (ids.Count > MergeRecords.MaxMerged + 1) throw new ValidationFailedException("ids", $"Merge at most {MergeRecords.MaxMerged + 1} records at once.");
        await fmt.LoadAsync();
        var records = new List<(Guid Id, string Title, DateTime UpdatedAt, JsonObject Json)>();
        foreach (var id in ids.Distinct())
        {
            if (entity == DuplicateEntities.Account)
            {
                var a = await getAccount.HandleAsync(id, ct);
                records.Add((a.Id, a.Name, a.UpdatedAt, (JsonObject)JsonSerializer.SerializeToNode(a, JsonDefaults.Options)!));
            }
            else
            {
                var c = await getContact.HandleAsync(id, ct);
                records.Add((c.Id, c.FullName.Length > 0 ? c.FullName : c.Email ?? "(no name)", c.UpdatedAt, (JsonObject)JsonSerializer.SerializeToNode(c, JsonDefaults.Options)!));
            }
        }
        var names = await NamesAsync(records.Select(r => r.Json), ct);
        var choosable = participants.SelectMany(p => p.ChoosableFields(entity)).ToList();
        var defs = await ManageCustomFields.ForEntityAsync(db, entity == DuplicateEntities.Account ? CustomFieldEntities.Account : CustomFieldEntities.Contact, ct);
        var rows = new List<(string Key, string Label, List<string> Values, bool Choosable)>();
        foreach (var key in choosable)
            rows.Add((key, Label(key), records.Select(r => Display(key, r.Json[key], names)).ToList(), true));
        foreach (var d in defs)
            rows.Add(($"customFields.{d.Key}", d.Label, records.Select(r => Display(d.Key, r.Json["customFields"]?[d.Key], names)).ToList(), true));
        string[] unioned = entity == DuplicateEntities.Account ? ["addresses", "tags"] : ["emails", "phones", "addresses", "social", "tags", "accounts"];
        foreach (var key in unioned)
            rows.Add((key, Label(key), records.Select(r => Display(key, r.Json[key], names)).ToList(), false));

        // The survivor by default: the most complete record, the newest among equals.
        var filled = records.Select((r, i) => rows.Count(row => row.Values[i].Length > 0)).ToList();
        var columns = records.Select((r, i) => new MergeColumn(r.Id, r.Title, $"{PathOf(entity)}/{r.Id}", r.UpdatedAt, filled[i])).ToList();
        var survivor = columns.OrderByDescending(c => c.Filled).ThenByDescending(c => c.UpdatedAt).First().Id;
        var survivorIndex = columns.FindIndex(c => c.Id == survivor);
        var byNewest = columns.Select((c, i) => (c, i)).OrderByDescending(x => x.c.UpdatedAt).ToList();
        var result = rows.Select(row =>
        {
            Guid? pick = null;
            if (row.Choosable)
                pick = row.Values[survivorIndex].Length > 0 ? survivor : byNewest.FirstOrDefault(x => row.Values[x.i].Length > 0).c?.Id ?? survivor;
            return new MergeRow(row.Key, row.Label, row.Values, row.Choosable, pick);
        }).ToList();
        return new MergeModel(entity, columns, result, survivor, groupId);
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<JsonObject> records, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        foreach (var r in records)
        {
            foreach (var k in new[] { "ownerId", "parentAccountId" })
                if (r[k]?.GetValue<string>() is { } s && Guid.TryParse(s, out var g)) ids.Add(g);
            if (r["accounts"] is JsonArray links)
                foreach (var l in links) if (l?["accountId"]?.GetValue<string>() is { } s && Guid.TryParse(s, out var g)) ids.Add(g);
        }
        var list = ids.ToList();
        var users = await db.Users.Where(u => list.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var accounts = await (await access.AccountsAsync(ct)).Where(a => list.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        return users.Select(u => (u.Id, u.Name)).Concat(accounts.Select(a => (a.Id, a.Name))).ToDictionary(x => x.Id, x => x.Name);
    }

    private static string Display(string key, JsonNode? v, Dictionary<Guid, string> names)
    {
        switch (v)
        {
            case null: return "";
            case JsonValue val when val.GetValueKind() == JsonValueKind.String:
                var s = val.GetValue<string>();
                return (key is "ownerId" or "parentAccountId") && Guid.TryParse(s, out var g) ? names.GetValueOrDefault(g, "(someone)") : key == "lifecycleStage" ? Labels.Of(s) : s;
            case JsonValue val: return val.ToJsonString();
            case JsonArray arr when key == "emails": return string.Join(", ", arr.Select(e => e?["address"]?.GetValue<string>()));
            case JsonArray arr when key == "phones": return string.Join(", ", arr.Select(e => e?["number"]?.GetValue<string>()));
            case JsonArray arr when key == "addresses":
                return string.Join(" | ", arr.Select(a => string.Join(", ", new[] { "street", "postcode", "city", "region", "country" }
                    .Select(k => a?[k]?.GetValue<string>()).Where(x => !string.IsNullOrEmpty(x)))));
            case JsonArray arr when key == "accounts":
                return string.Join(", ", arr.Select(l => l?["accountId"]?.GetValue<string>() is { } id && Guid.TryParse(id, out var ag) ? names.GetValueOrDefault(ag, "(account)") : ""));
            case JsonArray arr: return string.Join(", ", arr.Select(x => x?.ToString()));
            case JsonObject o: return string.Join(", ", o.Select(kv => $"{kv.Key}: {kv.Value}"));
            default: return v.ToString();
        }
    }

    private static string Label(string key) => key switch
    {
        "firstName" => "First name", "lastName" => "Last name", "email" => "Primary e-mail", "phone" => "Primary phone", "birthDate" => "Birth date",
        "jobTitle" => "Job title", "ownerId" => "Owner", "source" => "Source", "lifecycleStage" => "Stage", "externalId" => "External id",
        "name" => "Name", "domain" => "Domain", "industry" => "Industry", "size" => "Size", "annualRevenue" => "Annual revenue",
        "parentAccountId" => "Parent account", "emails" => "E-mails", "phones" => "Phones", "addresses" => "Addresses", "social" => "Social",
        "tags" => "Tags", "accounts" => "Accounts", _ => key,
    };
}
