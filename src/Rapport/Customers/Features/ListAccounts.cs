using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers.Features;

/// <summary>
/// The account list: visible accounts, filtered and sorted in SQL, keyset-paginated. Filters:
/// <c>tag</c>, <c>ownerId</c> (user ids, "me", "none"; commas = OR), <c>industry</c>, <c>size</c>, <c>parentAccountId</c>,
/// <c>q</c> (name or domain prefix), <c>customFields.&lt;key&gt;[.gt|.lt]</c>. Sort: createdAt,
/// updatedAt, name, domain, industry, annualRevenue or customFields.&lt;key&gt;.
/// </summary>
public sealed class ListAccounts(RapportDb db, CustomerAccess access)
{
    public async Task<Page<AccountDto>> HandleAsync(ListContacts.Query query, CancellationToken ct)
    {
        var limit = Paging.ClampLimit(query.Limit);
        var defs = await ManageCustomFields.ForEntityAsync(db, CustomFieldEntities.Account, ct);
        var q = await FilterAsync(query.Filters, defs, ct);
        var (rows, next) = await Keyset.PageAsync(q.AsNoTracking(), SortOf(query.Sort, defs), limit, query.Cursor, ct);
        if (rows.Count > 0)
        {
            var ids = rows.Select(r => r.Id).ToList();
            var tags = await db.AccountTags.AsNoTracking().Where(t => ids.Contains(t.AccountId)).ToListAsync(ct);
            foreach (var r in rows) r.Tags = tags.Where(t => t.AccountId == r.Id).ToList();
        }
        return new Page<AccountDto>(rows.Select(a => AccountDto.From(a, defs)).ToList(), next);
    }

    public async Task<IQueryable<Account>> FilterAsync(IReadOnlyList<KeyValuePair<string, string>> filters, IReadOnlyList<CustomFieldDefinition> defs, CancellationToken ct) =>
        await Filters(defs).ApplyAsync(await access.AccountsAsync(ct), filters, db, ct);

    private RecordFilters<Account> Filters(IReadOnlyList<CustomFieldDefinition> defs) => new RecordFilters<Account>()
        .Where("tag", (tag, _) => a => a.Tags.Any(t => t.Tag == tag))
        .Equal("industry", a => a.Industry)
        .Equal("size", a => a.Size)
        .Owner("ownerId", a => a.OwnerId, access.ActingUserIdAsync)
        .Id("parentAccountId", parent => a => a.ParentAccountId == parent, "Must be an account id.")
        .Where("q", (value, _) =>
        {
            if (value.Length == 0) return null;
            var lower = value.ToLowerInvariant();
            return a => a.Name.ToLower().StartsWith(lower) || (a.Domain != null && a.Domain.StartsWith(lower));
        })
        .CustomFields(a => a.CustomFields, _ => Task.FromResult(defs));

    private static Keyset.Sort<Account> SortOf(string? sort, IReadOnlyList<CustomFieldDefinition> defs)
    {
        sort = string.IsNullOrWhiteSpace(sort) ? "-createdAt" : sort.Trim();
        var desc = sort.StartsWith('-');
        var field = sort.TrimStart('-', '+');
        LambdaExpression key = field switch
        {
            "createdAt" => (Expression<Func<Account, DateTime>>)(a => a.CreatedAt),
            "updatedAt" => (Expression<Func<Account, DateTime>>)(a => a.UpdatedAt),
            "name" => (Expression<Func<Account, string>>)(a => a.Name),
            "domain" => (Expression<Func<Account, string?>>)(a => a.Domain),
            "industry" => (Expression<Func<Account, string?>>)(a => a.Industry),
            "annualRevenue" => (Expression<Func<Account, double?>>)(a => (double?)a.AnnualRevenue),
            _ when field.StartsWith("customFields.") && defs.FirstOrDefault(d => d.Key == field["customFields.".Length..]) is { } def
                => CustomFieldQuery.SortKey<Account>(a => a.CustomFields, def),
            _ => throw new ValidationFailedException("sort", "Must be one of createdAt, updatedAt, name, domain, industry, annualRevenue or customFields.<key>, with - for descending."),
        };
        return new Keyset.Sort<Account>(key, desc, a => a.Id);
    }
}
