using System.Linq.Expressions;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>
/// One filter builder for record lists (contacts, accounts, leads; the segment engine builds on it): a
/// list declares its filters once — <see cref="Owner"/> (user ids, "me", "none"), <see cref="OneOf"/> (an
/// enum: commas = OR, a value outside the list is a 400 naming them), <see cref="AnyOf"/> / <see cref="Equal"/>
/// (free text), <see cref="Id"/>, <see cref="Where"/> (its own rule, e.g. the <c>q</c> search) and
/// <see cref="CustomFields"/> (<c>customFields.KEY[.gt|.lt]</c>, the date and number ranges) — and
/// <see cref="ApplyAsync"/> turns the query string's pairs into EF predicates, translated to SQL.
/// Repeated filters AND; every bad filter is collected and thrown as one 400 (problem+json naming each
/// filter); an unknown name is "Unknown filter.". Lives in Customers while the custom-field SQL (CustomFieldQuery)
/// does; it joins the record kernel (Records/) with it. Leads may use Customers.
/// </summary>
public sealed class RecordFilters<T> where T : class
{
    private delegate ValueTask<Expression<Func<T, bool>>?> Build(string name, string value, string[] values, FieldErrors e, CancellationToken ct);

    private readonly Dictionary<string, Build> _filters = new(StringComparer.Ordinal);
    private (Expression<Func<T, string>> Column, Func<CancellationToken, Task<IReadOnlyList<CustomFieldDefinition>>> Defs)? _customFields;

    /// <summary>Exact match on the trimmed value (commas are part of it).</summary>
    public RecordFilters<T> Equal(string name, Expression<Func<T, string?>> column) =>
        Add(name, (_, value, _, _, _) => new(Compose(column, v => v == value)));

    /// <summary>Any of the comma-separated values (none: matches nothing), each normalized by <paramref name="normalize"/>.</summary>
    public RecordFilters<T> AnyOf(string name, Expression<Func<T, string?>> column, Func<string, string>? normalize = null) =>
        Add(name, (_, _, values, _, _) =>
        {
            var wanted = normalize is null ? values : values.Select(normalize).ToArray();
            if (wanted.Length == 1) { var one = wanted[0]; return new(Compose(column, v => v == one)); }
            return new(Compose(column, v => v != null && wanted.Contains(v)));
        });

    /// <summary>An enum: any of the comma-separated values, each one of <paramref name="allowed"/> (else 400 "Must be one of: …").</summary>
    public RecordFilters<T> OneOf(string name, Expression<Func<T, string>> column, IReadOnlyCollection<string> allowed) =>
        Add(name, (n, _, values, e, _) =>
        {
            if (values.Length == 0 || values.Any(v => !allowed.Contains(v))) { e.Add(n, $"Must be one of: {string.Join(", ", allowed)}."); return new((Expression<Func<T, bool>>?)null); }
            if (values.Length == 1) { var one = values[0]; return new(Compose(column, v => v == one)); }
            return new(Compose(column, v => values.Contains(v)));
        });

    /// <summary>The owner: comma-separated user ids, "me" (the acting user, read only when asked for) and "none" (no owner).</summary>
    public RecordFilters<T> Owner(string name, Expression<Func<T, Guid?>> column, Func<CancellationToken, Task<Guid?>> me) =>
        Add(name, async (n, _, values, e, ct) =>
        {
            var (ids, none) = RecordFields.OwnerFilter(values, values.Contains("me") ? await me(ct) : null, e, n);
            if (ids.Count == 1 && !none) { var owner = ids[0]; return Compose(column, v => v == owner); }
            return Compose(column, v => (none && v == null) || (v != null && ids.Contains(v.Value)));
        });

    /// <summary>A record id (the value must be a Guid, else 400 <paramref name="message"/>).</summary>
    public RecordFilters<T> Id(string name, Func<Guid, Expression<Func<T, bool>>> predicate, string message) =>
        Add(name, (n, value, _, e, _) =>
        {
            if (Guid.TryParse(value, out var id)) return new(predicate(id));
            e.Add(n, message);
            return new((Expression<Func<T, bool>>?)null);
        });

    /// <summary>A filter with its own rule: the trimmed value → a predicate, or null for none (an empty search, an error added to <c>e</c>).</summary>
    public RecordFilters<T> Where(string name, Func<string, FieldErrors, Expression<Func<T, bool>>?> predicate) =>
        Add(name, (_, value, _, e, _) => new(predicate(value, e)));

    /// <summary><c>customFields.KEY</c>, <c>.gt</c>, <c>.lt</c> on the JSON column; the definitions (and the workspace's country, for phone values) are read only when one is used.</summary>
    public RecordFilters<T> CustomFields(Expression<Func<T, string>> column, Func<CancellationToken, Task<IReadOnlyList<CustomFieldDefinition>>> defs)
    {
        _customFields = (column, defs);
        return this;
    }

    /// <summary>The filters (name → raw value, in order) applied to <paramref name="q"/>; 400 naming every bad one.</summary>
    public async Task<IQueryable<T>> ApplyAsync(IQueryable<T> q, IReadOnlyList<KeyValuePair<string, string>> filters, RapportDb db, CancellationToken ct)
    {
        var e = new FieldErrors();
        IReadOnlyList<CustomFieldDefinition>? defs = null;
        string? country = null;
        foreach (var (name, raw) in filters)
        {
            var value = raw.Trim();
            Expression<Func<T, bool>>? predicate;
            if (_filters.TryGetValue(name, out var build))
                predicate = await build(name, value, value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), e, ct);
            else if (_customFields is { } cf && name.StartsWith("customFields.", StringComparison.Ordinal))
            {
                defs ??= await cf.Defs(ct);
                country ??= await RecordFields.DefaultCountryAsync(db, ct);
                predicate = CustomFieldQuery.ParseFilter(name, value, defs, cf.Column, country, db.IsSqlite, e);
            }
            else { e.Add(name, "Unknown filter."); continue; }
            if (predicate is not null) q = q.Where(predicate);
        }
        e.ThrowIfAny();
        return q;
    }

    private RecordFilters<T> Add(string name, Build build)
    {
        _filters.Add(name, build);
        return this;
    }

    /// <summary><c>column</c> then <c>test</c> as one predicate on <typeparamref name="T"/> (values the test captures stay SQL parameters).</summary>
    private static Expression<Func<T, bool>> Compose<TValue>(Expression<Func<T, TValue>> column, Expression<Func<TValue, bool>> test) =>
        Expression.Lambda<Func<T, bool>>(new Replace(test.Parameters[0], column.Body).Visit(test.Body), column.Parameters);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
