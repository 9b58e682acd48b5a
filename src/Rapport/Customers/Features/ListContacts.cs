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
    public async Task<IQueryable<Contact>> FilterAsync(IReadOnlyList<KeyValuePair<string, string>> filters, IReadOnlyList<CustomFieldDefinition> defs, CancellationToken ct)
    {
        var q = await access.ContactsAsync(ct);
        var e = new FieldErrors();
        var country = await RecordFields.DefaultCountryAsync(db, ct);
        foreach (var (name, raw) in filters)
        {
            var value = raw.Trim();
            var values = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            switch (name)
            {
                case "tag":
                    var tag = value;
                    q = q.Where(c => c.Tags.Any(t => t.Tag == tag));
                    break;
                case "lifecycleStage":
                    if (values.Length == 0 || values.Any(v => !LifecycleStages.All.Contains(v))) { e.Add(name, $"Must be one of: {string.Join(", ", LifecycleStages.All)}."); break; }
                    if (values.Length == 1) { var stage = values[0]; q = q.Where(c => c.LifecycleStage == stage); }
                    else q = q.Where(c => values.Contains(c.LifecycleStage));
                    break;
                case "ownerId":
                    var (ids, none) = RecordFields.OwnerFilter(values, values.Contains("me") ? await access.ActingUserIdAsync(ct) : null, e, name);
                    if (ids.Count == 1 && !none) { var owner = ids[0]; q = q.Where(c => c.OwnerId == owner); }
                    else q = q.Where(c => (none && c.OwnerId == null) || (c.OwnerId != null && ids.Contains(c.OwnerId.Value)));
                    break;
                case "accountId":
                    if (!Guid.TryParse(value, out var accountId)) { e.Add(name, "Must be an account id."); break; }
                    q = q.Where(c => c.Accounts.Any(a => a.AccountId == accountId));
                    break;
                case "source":
                    var source = value;
                    q = q.Where(c => c.Source == source);
                    break;
                case "q":
                    if (value.Length == 0) break;
                    var lower = value.ToLowerInvariant();
                    var parts = lower.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 2)
                    {
                        var (first, last) = (parts[0], parts[^1]);
                        q = q.Where(c => c.FirstName.ToLower().StartsWith(first) && c.LastName.ToLower().StartsWith(last));
                    }
                    else q = q.Where(c => c.FirstName.ToLower().StartsWith(lower) || c.LastName.ToLower().StartsWith(lower) || (c.Email != null && c.Email.StartsWith(lower)));
                    break;
                default:
                    if (name.StartsWith("customFields."))
                    {
                        if (CustomFieldQuery.ParseFilter<Contact>(name, value, defs, c => c.CustomFields, country, db.IsSqlite, e) is { } filter) q = q.Where(filter);
                    }
                    else e.Add(name, "Unknown filter.");
                    break;
            }
        }
        e.ThrowIfAny();
        return q;
    }

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
