using System.Text;
using Rapport.Customers.Features;

namespace Rapport.Web.Customers;

/// <summary>
/// What a list page shows, all of it in the query string so every state is a bookmarkable URL:
/// the filters (exactly the API's: <c>tag=vip&amp;customFields.shoeSize.gt=37</c>), <c>sort</c>,
/// <c>columns</c> (comma-separated keys) and <c>cursor</c>. The filter bar's helper fields
/// (<c>cf</c>, <c>cfOp</c>, <c>cfValue</c>, empty values, repeated <c>columns</c>) are folded into
/// that canonical form; the page redirects to it, so the address bar always reads like the API.
/// </summary>
public sealed class ListState
{
    /// <summary>Query keys that are not filters.</summary>
    public static readonly HashSet<string> NotFilters = ManageSavedViews.NotFilters;

    public required string Path { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Filters { get; init; } = [];
    public string? Sort { get; init; }
    /// <summary>Chosen column keys; null for the default columns.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public string? Cursor { get; init; }

    /// <summary>Reads a list's query string; <paramref name="canonical"/> is false when the URL should be rewritten.</summary>
    public static ListState Parse(string path, IQueryCollection query, out bool canonical)
    {
        canonical = true;
        var filters = new List<KeyValuePair<string, string>>();
        string? sort = null, cursor = null, cf = null, cfOp = null, cfValue = null;
        List<string>? columns = null;
        foreach (var (key, values) in query)
        {
            var nonEmpty = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
            if (nonEmpty.Count != values.Count) canonical = false;
            switch (key)
            {
                case "sort":
                    sort = nonEmpty.LastOrDefault();
                    if (nonEmpty.Count > 1) canonical = false;
                    break;
                case "columns":
                    columns = nonEmpty.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
                    if (values.Count != 1) canonical = false;
                    break;
                case "cursor": cursor = nonEmpty.LastOrDefault(); break;
                case "cf": cf = nonEmpty.LastOrDefault(); canonical = false; break;
                case "cfOp": cfOp = nonEmpty.LastOrDefault(); canonical = false; break;
                case "cfValue": cfValue = nonEmpty.LastOrDefault(); canonical = false; break;
                case "limit" or "done" or "trash" or "error": break;
                default:
                    foreach (var v in nonEmpty)
                    {
                        if (filters.Contains(new(key, v))) { canonical = false; continue; }
                        filters.Add(new(key, v));
                    }
                    break;
            }
        }
        if (cf is not null && cfValue is not null)
        {
            var key = $"customFields.{cf}" + (cfOp is "gt" or "lt" ? "." + cfOp : "");
            if (!filters.Contains(new(key, cfValue))) filters.Add(new(key, cfValue));
        }
        return new ListState { Path = path, Filters = filters, Sort = sort, Columns = columns, Cursor = cursor };
    }

    /// <summary>The handler's query: exactly what the API would get for the same filters.</summary>
    public ListContacts.Query ToQuery(int? limit = null) => new(limit, Cursor, Sort, Filters);

    /// <summary>The query string (no leading ?), in a stable order: filters, sort, columns, cursor.</summary>
    public string QueryString(bool withSort = true, bool withColumns = true, string? cursor = null)
    {
        var sb = new StringBuilder();
        void Add(string k, string v)
        {
            if (sb.Length > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v));
        }
        foreach (var (k, v) in Filters) Add(k, v);
        if (withSort && !string.IsNullOrEmpty(Sort)) Add("sort", Sort);
        if (withColumns && Columns is { Count: > 0 }) Add("columns", string.Join(',', Columns));
        if (cursor is not null) Add("cursor", cursor);
        return sb.ToString();
    }

    public string Url(bool withSort = true, bool withColumns = true, string? cursor = null) => With(Path, QueryString(withSort, withColumns, cursor));

    /// <summary>The same state on another path (the rows fragment, the CSV export).</summary>
    public string UrlAt(string path, bool withColumns = true, string? cursor = null) => With(path, QueryString(true, withColumns, cursor));

    /// <summary>What a saved view stores: filters and sort (the columns are kept beside it).</summary>
    public string ViewQuery => QueryString(withSort: true, withColumns: false);

    public ListState WithoutFilter(int index) => Copy(filters: Filters.Where((_, i) => i != index).ToList());
    public ListState WithoutFilters() => Copy(filters: []);
    public ListState WithSort(string? sort) => Copy(sort: sort ?? "");
    public ListState WithColumns(IReadOnlyList<string>? columns) => new() { Path = Path, Filters = Filters, Sort = Sort, Columns = columns };

    /// <summary>The next sort when a column header is clicked: ascending, then descending.</summary>
    public string NextSort(string field) => Sort == field ? "-" + field : field;

    /// <summary>"asc", "desc" or null: how the list is sorted by this field.</summary>
    public string? SortDirection(string field) => Sort == field ? "asc" : Sort == "-" + field ? "desc" : null;

    public bool SameView(string viewQuery, IReadOnlyList<string>? viewColumns)
    {
        var other = Parse(Path, new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(viewQuery)), out _);
        return other.Filters.OrderBy(f => f.Key).ThenBy(f => f.Value).SequenceEqual(Filters.OrderBy(f => f.Key).ThenBy(f => f.Value))
            && (other.Sort ?? "") == (Sort ?? "")
            && (viewColumns is not { Count: > 0 } ? Columns is not { Count: > 0 } : Columns is { } c && c.SequenceEqual(viewColumns));
    }

    private ListState Copy(IReadOnlyList<KeyValuePair<string, string>>? filters = null, string? sort = null) => new()
    {
        Path = Path, Filters = filters ?? Filters, Sort = sort is null ? Sort : sort.Length == 0 ? null : sort, Columns = Columns,
    };

    private static string With(string path, string query) => query.Length == 0 ? path : $"{path}?{query}";
}
