using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers.Features;

/// <summary>
/// Streams the accounts of a list (same filters, sort and visibility as the list) as CSV or XLSX in
/// keyset pages of 200, like <see cref="ExportContacts"/>; formula-like cells are defused.
/// </summary>
public sealed class ExportAccounts(RapportDb db, ListAccounts list)
{
    /// <summary>Checks the format, filters, sort and the XLSX row limit (a 400 before anything is written); then returns the writer.</summary>
    public async Task<Func<ISheetOut, CancellationToken, Task>> PrepareAsync(string format, IReadOnlyList<KeyValuePair<string, string>> filters, string? sort, CancellationToken ct)
    {
        format = SheetCells.ParseFormat(format);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct);
        var rows = await list.FilterAsync(filters, defs, ct);
        await list.HandleAsync(new ListContacts.Query(1, null, sort, filters), ct);
        if (format == SheetCells.Xlsx) await ExportLimits.EnsureFitsInSheetAsync(rows, ct);
        return (output, token) => WriteAsync(filters, sort, defs, output, token);
    }

    private async Task WriteAsync(IReadOnlyList<KeyValuePair<string, string>> filters, string? sort, List<CustomFieldDefinition> defs, ISheetOut csv, CancellationToken ct)
    {
        var owners = await db.Memberships.AsNoTracking().Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email })
            .ToDictionaryAsync(x => x.Id, x => x.Email, ct);
        var parentNames = new Dictionary<Guid, string>();

        string[] header = ["id", "name", "domain", "industry", "size", "annualRevenue", "phone", "owner", "parentAccount", "tags",
            "street", "city", "postcode", "region", "country", "externalId", "createdAt", "updatedAt"];
        foreach (var h in header) csv.Field(h);
        foreach (var d in defs) csv.Field($"customFields.{d.Key}");
        await csv.EndRowAsync();

        string? cursor = null;
        do
        {
            var page = await list.HandleAsync(new ListContacts.Query(Paging.MaxLimit, cursor, sort, filters), ct);
            var missing = page.Items.Where(a => a.ParentAccountId is { } p && !parentNames.ContainsKey(p)).Select(a => a.ParentAccountId!.Value).Distinct().ToList();
            if (missing.Count > 0)
                foreach (var p in await db.Accounts.AsNoTracking().Where(a => missing.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                    parentNames[p.Id] = p.Name;
            foreach (var a in page.Items)
            {
                var address = a.Addresses.FirstOrDefault();
                csv.Field(a.Id.ToString());
                csv.Field(a.Name);
                csv.Field(a.Domain);
                csv.Field(a.Industry);
                csv.Field(a.Size);
                csv.Field(a.AnnualRevenue?.ToString(CultureInfo.InvariantCulture));
                csv.Field(a.Phone);
                csv.Field(a.OwnerId is { } o && owners.TryGetValue(o, out var email) ? email : null);
                csv.Field(a.ParentAccountId is { } pid ? parentNames.GetValueOrDefault(pid, pid.ToString()) : null);
                csv.Field(string.Join("; ", a.Tags));
                csv.Field(address?.Street);
                csv.Field(address?.City);
                csv.Field(address?.Postcode);
                csv.Field(address?.Region);
                csv.Field(address?.Country);
                csv.Field(a.ExternalId);
                csv.Field(a.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                csv.Field(a.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                foreach (var d in defs) csv.Field(CustomFieldValues.AsText(a.CustomFields[d.Key]));
                await csv.EndRowAsync();
            }
            await csv.FlushAsync();
            cursor = page.NextCursor;
        } while (cursor is not null);
    }
}
