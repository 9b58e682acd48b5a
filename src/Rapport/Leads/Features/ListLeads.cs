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

    public async Task<IQueryable<Lead>> FilterAsync(IReadOnlyList<KeyValuePair<string, string>> filters, CancellationToken ct)
    {
        var q = await access.LeadsAsync(ct);
        var e = new FieldErrors();
        foreach (var (name, raw) in filters)
        {
            var value = raw.Trim();
            var values = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            switch (name)
            {
                case "status":
                    if (values.Length == 0 || values.Any(v => !LeadStatuses.All.Contains(v))) { e.Add(name, $"Must be one of: {string.Join(", ", LeadStatuses.All)}."); break; }
                    if (values.Length == 1) { var s = values[0]; q = q.Where(l => l.Status == s); }
                    else q = q.Where(l => values.Contains(l.Status));
                    break;
                case "ownerId":
                    var (ids, none) = Customers.RecordFields.OwnerFilter(values, values.Contains("me") ? await access.ActingUserIdAsync(ct) : null, e, name);
                    if (ids.Count == 1 && !none) { var owner = ids[0]; q = q.Where(l => l.OwnerId == owner); }
                    else q = q.Where(l => (none && l.OwnerId == null) || (l.OwnerId != null && ids.Contains(l.OwnerId.Value)));
                    break;
                case "source":
                    if (values.Length == 1) { var src = values[0]; q = q.Where(l => l.Source == src); }
                    else q = q.Where(l => l.Source != null && values.Contains(l.Source));
                    break;
                case "campaign":
                    var campaign = value;
                    q = q.Where(l => l.Campaign == campaign);
                    break;
                case "country":
                    var countries = values.Select(v => v.ToUpperInvariant()).ToArray();
                    q = q.Where(l => l.Country != null && countries.Contains(l.Country));
                    break;
                case "minScore":
                    if (!int.TryParse(value, out var min)) { e.Add(name, "Must be a whole number."); break; }
                    q = q.Where(l => l.Score >= min);
                    break;
                case "q":
                    if (value.Length == 0) break;
                    var lower = value.ToLowerInvariant();
                    var parts = lower.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 2)
                    {
                        var (first, last) = (parts[0], parts[^1]);
                        q = q.Where(l => (l.FirstName.ToLower().StartsWith(first) && l.LastName.ToLower().StartsWith(last))
                            || (l.Company != null && l.Company.ToLower().StartsWith(lower)));
                    }
                    else q = q.Where(l => l.FirstName.ToLower().StartsWith(lower) || l.LastName.ToLower().StartsWith(lower)
                        || (l.Email != null && l.Email.StartsWith(lower)) || (l.Company != null && l.Company.ToLower().StartsWith(lower)));
                    break;
                default:
                    if (name.StartsWith("customFields."))
                    {
                        var defs = await writer.CustomFieldDefsAsync(ct);
                        var country = await Customers.RecordFields.DefaultCountryAsync(db, ct);
                        if (Customers.CustomFieldQuery.ParseFilter<Lead>(name, value, defs, l => l.CustomFields, country, db.IsSqlite, e) is { } filter) q = q.Where(filter);
                    }
                    else e.Add(name, "Unknown filter.");
                    break;
            }
        }
        e.ThrowIfAny();
        return q;
    }

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
