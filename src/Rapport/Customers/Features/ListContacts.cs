using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers.Features;

/// <summary>
/// The contact list: visible contacts only, filtered and sorted in SQL, keyset-paginated.
/// Filters (repeated = AND; commas inside one = OR): <c>tag</c>, <c>lifecycleStage</c>, <c>ownerId</c>
/// (also "me" and "none"), <c>accountId</c>, <c>source</c>, <c>q</c> (name or e-mail prefix),
/// <c>customFields.&lt;key&gt;</c> with optional <c>.gt</c>/<c>.lt</c>. Sort: <c>field</c> or
/// <c>-field</c> for createdAt, updatedAt, firstName, lastName, email, lifecycleStage, jobTitle,
/// birthDate or customFields.&lt;key&gt;.
/// </summary>
public sealed class ListContacts(RapportDb db, CustomerAccess access)
{
    public sealed record Query(int? Limit, string? Cursor, string? Sort, IReadOnlyList<KeyValuePair<string, string>> Filters);

    public async Task<Page<ContactDto>> HandleAsync(Query query, CancellationToken ct)
    {
        var limit = Paging.ClampLimit(query.Limit);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Contact, ct);
        var q = await FilterAsync(query.Filters, defs, ct);
        var sort = SortOf(query.Sort, defs);
        var (rows, next) = await Keyset.PageAsync(q.AsNoTracking(), sort, limit, query.Cursor, ct);
        await LoadDetailsAsync(db, rows, ct);
        return new Page<ContactDto>(rows.Select(c => ContactDto.From(c, defs)).ToList(), next);
    }

    /// <summary>Visible contacts matching the filters (the list, bulk actions and exports share it).</summary>
    public async Task<IQueryable<Contact>> FilterAsync(IReadOnlyList<KeyValuePair<string, string>> filters, IReadOnlyList<CustomFieldDefinition> defs, CancellationToken ct) =>
        await Filters(defs).ApplyAsync(await access.ContactsAsync(ct), filters, db, ct);

    private RecordFilters<Contact> Filters(IReadOnlyList<CustomFieldDefinition> defs) => new RecordFilters<Contact>()
        .Where("tag", (tag, _) => c => c.Tags.Any(t => t.Tag == tag))
        .OneOf("lifecycleStage", c => c.LifecycleStage, LifecycleStages.All)
        .Owner("ownerId", c => c.OwnerId, access.ActingUserIdAsync)
        .Id("accountId", accountId => c => c.Accounts.Any(a => a.AccountId == accountId), "Must be an account id.")
        .Equal("source", c => c.Source)
        .Where("q", (value, _) =>
        {
            if (value.Length == 0) return null;
            var lower = value.ToLowerInvariant();
            var parts = lower.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                var (first, last) = (parts[0], parts[^1]);
                return c => c.FirstName.ToLower().StartsWith(first) && c.LastName.ToLower().StartsWith(last);
            }
            return c => c.FirstName.ToLower().StartsWith(lower) || c.LastName.ToLower().StartsWith(lower) || (c.Email != null && c.Email.StartsWith(lower));
        })
        .CustomFields(c => c.CustomFields, _ => Task.FromResult(defs));

    public static readonly string[] SortFields = ["createdAt", "updatedAt", "firstName", "lastName", "email", "lifecycleStage", "jobTitle", "birthDate"];

    private static Keyset.Sort<Contact> SortOf(string? sort, IReadOnlyList<CustomFieldDefinition> defs)
    {
        sort = string.IsNullOrWhiteSpace(sort) ? "-createdAt" : sort.Trim();
        var desc = sort.StartsWith('-');
        var field = sort.TrimStart('-', '+');
        LambdaExpression key = field switch
        {
            "createdAt" => (Expression<Func<Contact, DateTime>>)(c => c.CreatedAt),
            "updatedAt" => (Expression<Func<Contact, DateTime>>)(c => c.UpdatedAt),
            "firstName" => (Expression<Func<Contact, string>>)(c => c.FirstName),
            "lastName" => (Expression<Func<Contact, string>>)(c => c.LastName),
            "email" => (Expression<Func<Contact, string?>>)(c => c.Email),
            "lifecycleStage" => (Expression<Func<Contact, string>>)(c => c.LifecycleStage),
            "jobTitle" => (Expression<Func<Contact, string?>>)(c => c.JobTitle),
            "birthDate" => (Expression<Func<Contact, DateOnly?>>)(c => c.BirthDate),
            _ when field.StartsWith("customFields.") && defs.FirstOrDefault(d => d.Key == field["customFields.".Length..]) is { } def
                => CustomFieldQuery.SortKey<Contact>(c => c.CustomFields, def),
            _ => throw new ValidationFailedException("sort", $"Must be one of {string.Join(", ", SortFields)} or customFields.<key>, with - for descending."),
        };
        return new Keyset.Sort<Contact>(key, desc, c => c.Id);
    }

    /// <summary>Loads tags and account links for a page of contacts in two small queries (no joins over the page query).</summary>
    public static async Task LoadDetailsAsync(RapportDb db, List<Contact> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var ids = rows.Select(r => r.Id).ToList();
        var tags = await db.ContactTags.AsNoTracking().Where(t => ids.Contains(t.ContactId)).ToListAsync(ct);
        var links = await db.ContactAccounts.AsNoTracking().Where(a => ids.Contains(a.ContactId)).ToListAsync(ct);
        foreach (var r in rows)
        {
            r.Tags = tags.Where(t => t.ContactId == r.Id).ToList();
            r.Accounts = links.Where(a => a.ContactId == r.Id).ToList();
        }
    }
}
