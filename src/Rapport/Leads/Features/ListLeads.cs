using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Leads.Features;

/// <summary>
/// The lead list: visible leads, filtered and sorted in SQL, keyset-paginated. Filters (repeated =
/// AND; commas = OR): <c>status</c>, <c>ownerId</c> (also "me", "none"), <c>source</c>, <c>campaign</c>,
/// <c>country</c>, <c>q</c> (name, e-mail or company prefix), <c>minScore</c>, <c>customFields.KEY[.gt|.lt]</c>. Sort: createdAt,
/// updatedAt, firstName, lastName, company, email, status, score (- for descending; default -createdAt).
/// </summary>
public sealed class ListLeads(LeadAccess access, LeadWriter writer, RapportDb db)
{
    public sealed record Query(int? Limit, string? Cursor, string? Sort, IReadOnlyList<KeyValuePair<string, string>> Filters);

    public static readonly string[] SortFields = ["createdAt", "updatedAt", "firstName", "lastName", "company", "email", "status", "score"];

    public async Task<Page<LeadDto>> HandleAsync(Query query, CancellationToken ct)
    {
        var limit = Paging.ClampLimit(query.Limit);
        var q = await FilterAsync(query.Filters, ct);
        var (rows, next) = await Keyset.PageAsync(q.AsNoTracking(), SortOf(query.Sort), limit, query.Cursor, ct);
        var defs = await writer.CustomFieldDefsAsync(ct);
        return new Page<LeadDto>(rows.Select(l => LeadDto.From(l, defs)).ToList(), next);
    }

    public async Task<IQueryable<Lead>> FilterAsync(IReadOnlyList<KeyValuePair<string, string>> filters, CancellationToken ct) =>
        await Filters.ApplyAsync(await access.LeadsAsync(ct), filters, db, ct);

    private Customers.RecordFilters<Lead> Filters => new Customers.RecordFilters<Lead>()
        .OneOf("status", l => l.Status, LeadStatuses.All)
        .Owner("ownerId", l => l.OwnerId, access.ActingUserIdAsync)
        .AnyOf("source", l => l.Source)
        .Equal("campaign", l => l.Campaign)
        .AnyOf("country", l => l.Country, v => v.ToUpperInvariant())
        .Where("minScore", (value, e) =>
        {
            if (int.TryParse(value, out var min)) return l => l.Score >= min;
            e.Add("minScore", "Must be a whole number.");
            return null;
        })
        .Where("q", (value, _) =>
        {
            if (value.Length == 0) return null;
            var lower = value.ToLowerInvariant();
            var parts = lower.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                var (first, last) = (parts[0], parts[^1]);
                return l => (l.FirstName.ToLower().StartsWith(first) && l.LastName.ToLower().StartsWith(last))
                    || (l.Company != null && l.Company.ToLower().StartsWith(lower));
            }
            return l => l.FirstName.ToLower().StartsWith(lower) || l.LastName.ToLower().StartsWith(lower)
                || (l.Email != null && l.Email.StartsWith(lower)) || (l.Company != null && l.Company.ToLower().StartsWith(lower));
        })
        .CustomFields(l => l.CustomFields, async ct => await writer.CustomFieldDefsAsync(ct));

    private static Keyset.Sort<Lead> SortOf(string? sort)
    {
        sort = string.IsNullOrWhiteSpace(sort) ? "-createdAt" : sort.Trim();
        var desc = sort.StartsWith('-');
        var field = sort.TrimStart('-', '+');
        LambdaExpression key = field switch
        {
            "createdAt" => (Expression<Func<Lead, DateTime>>)(l => l.CreatedAt),
            "updatedAt" => (Expression<Func<Lead, DateTime>>)(l => l.UpdatedAt),
            "firstName" => (Expression<Func<Lead, string>>)(l => l.FirstName),
            "lastName" => (Expression<Func<Lead, string>>)(l => l.LastName),
            "company" => (Expression<Func<Lead, string?>>)(l => l.Company),
            "email" => (Expression<Func<Lead, string?>>)(l => l.Email),
            "status" => (Expression<Func<Lead, string>>)(l => l.Status),
            // Keyset keys are text, times or doubles: the score is compared as a double.
            "score" => (Expression<Func<Lead, double>>)(l => (double)l.Score),
            _ => throw new ValidationFailedException("sort", $"Must be one of {string.Join(", ", SortFields)}, with - for descending."),
        };
        return new Keyset.Sort<Lead>(key, desc, l => l.Id);
    }
}
