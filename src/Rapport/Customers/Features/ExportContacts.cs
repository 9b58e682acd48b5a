using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers.Features;

/// <summary>
/// Streams the contacts of a list (same filters, sort and visibility as the list) as CSV or XLSX, in
/// keyset pages of 200, never the whole list in memory. Cells that start with = + - @ are prefixed
/// with an apostrophe so spreadsheets do not run them as formulas (<see cref="SheetCells.Defuse"/>).
/// </summary>
public sealed class ExportContacts(RapportDb db, ListContacts list)
{
    /// <summary>
    /// Checks the format, filters and sort (a 400 before anything is written) and, for XLSX, that the
    /// list fits in a sheet; then returns the writer.
    /// </summary>
    public async Task<Func<ISheetOut, CancellationToken, Task>> PrepareAsync(string format, IReadOnlyList<KeyValuePair<string, string>> filters, string? sort, CancellationToken ct)
    {
        format = SheetCells.ParseFormat(format);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        var rows = await list.FilterAsync(filters, defs, ct);
        await list.HandleAsync(new ListContacts.Query(1, null, sort, filters), ct);
        if (format == SheetCells.Xlsx) await ExportLimits.EnsureFitsInSheetAsync(rows, ct);
        return (output, token) => WriteAsync(filters, sort, defs, output, token);
    }

    private async Task WriteAsync(IReadOnlyList<KeyValuePair<string, string>> filters, string? sort, List<CustomFieldDefinition> defs, ISheetOut csv, CancellationToken ct)
    {
        var owners = await db.Memberships.AsNoTracking().Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email })
            .ToDictionaryAsync(x => x.Id, x => x.Email, ct);
        var accountNames = new Dictionary<Guid, string>();

        string[] header = ["id", "firstName", "lastName", "email", "phone", "jobTitle", "lifecycleStage", "owner", "source", "tags", "accounts",
            "birthDate", "street", "city", "postcode", "region", "country", "externalId", "createdAt", "updatedAt"];
        foreach (var h in header) csv.Field(h);
        foreach (var d in defs) csv.Field($"customFields.{d.Key}");
        await csv.EndRowAsync();

        string? cursor = null;
        do
        {
            var page = await list.HandleAsync(new ListContacts.Query(Paging.MaxLimit, cursor, sort, filters), ct);
            var missing = page.Items.SelectMany(c => c.Accounts).Select(a => a.AccountId).Where(id => !accountNames.ContainsKey(id)).Distinct().ToList();
            if (missing.Count > 0)
                foreach (var a in await db.Accounts.AsNoTracking().Where(a => missing.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                    accountNames[a.Id] = a.Name;
            foreach (var c in page.Items)
            {
                var address = c.Addresses.FirstOrDefault();
                csv.Field(c.Id.ToString());
                csv.Field(c.FirstName);
                csv.Field(c.LastName);
                csv.Field(c.Email);
                csv.Field(c.Phone);
                csv.Field(c.JobTitle);
                csv.Field(c.LifecycleStage);
                csv.Field(c.OwnerId is { } o && owners.TryGetValue(o, out var email) ? email : null);
                csv.Field(c.Source);
                csv.Field(string.Join("; ", c.Tags));
                csv.Field(string.Join("; ", c.Accounts.Select(a => accountNames.GetValueOrDefault(a.AccountId, a.AccountId.ToString()))));
                csv.Field(c.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.Field(address?.Street);
                csv.Field(address?.City);
                csv.Field(address?.Postcode);
                csv.Field(address?.Region);
                csv.Field(address?.Country);
                csv.Field(c.ExternalId);
                csv.Field(c.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                csv.Field(c.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                foreach (var d in defs) csv.Field(CustomFieldValues.AsText(c.CustomFields[d.Key]));
                await csv.EndRowAsync();
            }
            await csv.FlushAsync();
            cursor = page.NextCursor;
        } while (cursor is not null);
    }
}
