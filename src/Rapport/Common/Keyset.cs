using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Rapport.Common;

/// <summary>
/// Keyset pagination for a list sorted by any field: order by the key (nulls last in both
/// directions), then by id; the cursor holds the last row's key and id. Keys: string, DateTime,
/// DateOnly, double (nullable or not).
/// </summary>
public static class Keyset
{
    public sealed record Sort<T>(LambdaExpression Key, bool Descending, Expression<Func<T, Guid>> Id);

    public static async Task<(List<T> Rows, string? Next)> PageAsync<T>(IQueryable<T> query, Sort<T> sort, int limit, string? cursor, CancellationToken ct)
        where T : class, IHasCreatedAt
    {
        var p = sort.Id.Parameters[0];
        var key = new Replace(sort.Key.Parameters[0], p).Visit(sort.Key.Body);
        var id = sort.Id.Body;
        var keyType = key.Type;
        var nullable = IsNullable(key);
        var isNull = nullable ? Expression.Equal(key, Expression.Constant(null, keyType)) : null;

        if (!string.IsNullOrEmpty(cursor))
        {
            var (value, lastId) = Decode(cursor, keyType);
            var idCmp = Expression.Call(id, typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, Param(lastId, typeof(Guid)));
            var idAfter = sort.Descending ? Expression.LessThan(idCmp, Expression.Constant(0)) : Expression.GreaterThan(idCmp, Expression.Constant(0));
            Expression after;
            if (value is null)
                after = nullable ? Expression.AndAlso(isNull!, idAfter) : idAfter;
            else
            {
                var v = Param(value, keyType);
                var beyond = Compare(key, v, sort.Descending ? ExpressionType.LessThan : ExpressionType.GreaterThan);
                var same = Expression.AndAlso(Compare(key, v, ExpressionType.Equal), idAfter);
                after = Expression.OrElse(beyond, same);
                if (nullable) after = Expression.OrElse(isNull!, after);
            }
            query = query.Where(Expression.Lambda<Func<T, bool>>(after, p));
        }

        IOrderedQueryable<T> ordered;
        if (nullable)
        {
            ordered = query.OrderBy(Expression.Lambda<Func<T, bool>>(isNull!, p));
            ordered = sort.Descending ? ThenByDescending(ordered, key, p) : ThenBy(ordered, key, p);
        }
        else ordered = sort.Descending ? OrderByDescending(query, key, p) : OrderBy(query, key, p);
        ordered = sort.Descending ? ordered.ThenByDescending(sort.Id) : ordered.ThenBy(sort.Id);

        // A plain property is read from the row; any other key (a custom field's JSON value) exists only in
        // SQL and comes back beside each row. (Projecting a property as object would skip its value converter.)
        if (key is MemberExpression { Member: System.Reflection.PropertyInfo prop } member && member.Expression == p)
        {
            var rows = await ordered.Take(limit + 1).ToListAsync(ct);
            string? nextCursor = null;
            if (rows.Count > limit)
            {
                rows.RemoveAt(limit);
                nextCursor = Encode(prop.GetValue(rows[^1]), rows[^1].Id);
            }
            return (rows, nextCursor);
        }
        var keyed = Expression.MemberInit(Expression.New(typeof(Keyed<T>)),
            Expression.Bind(typeof(Keyed<T>).GetProperty(nameof(Keyed<T>.Row))!, p),
            Expression.Bind(typeof(Keyed<T>).GetProperty(nameof(Keyed<T>.Key))!, Expression.Convert(key, typeof(object))));
        var page = await ordered.Select(Expression.Lambda<Func<T, Keyed<T>>>(keyed, p)).Take(limit + 1).ToListAsync(ct);
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            var last = page[^1];
            next = Encode(last.Key, last.Row.Id);
        }
        return (page.Select(k => k.Row).ToList(), next);
    }

    /// <summary>
    /// Whether the key can be null: nullable value types, string properties declared nullable, and any
    /// computed key (a custom field). A non-null key is ordered by itself alone, so an index on it serves the sort.
    /// </summary>
    private static bool IsNullable(Expression key)
    {
        if (key.Type.IsValueType) return Nullable.GetUnderlyingType(key.Type) is not null;
        if (key is MemberExpression { Member: System.Reflection.PropertyInfo prop })
            return new System.Reflection.NullabilityInfoContext().Create(prop).ReadState != System.Reflection.NullabilityState.NotNull;
        return true;
    }

    private static Expression Compare(Expression left, Expression right, ExpressionType op)
    {
        if (left.Type == typeof(string))
        {
            var cmp = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            return Expression.MakeBinary(op, cmp, Expression.Constant(0));
        }
        return Expression.MakeBinary(op, left, right);
    }

    private static IOrderedQueryable<T> OrderBy<T>(IQueryable<T> q, Expression key, ParameterExpression p) => Call<T>("OrderBy", q.Expression, key, p, q.Provider);
    private static IOrderedQueryable<T> OrderByDescending<T>(IQueryable<T> q, Expression key, ParameterExpression p) => Call<T>("OrderByDescending", q.Expression, key, p, q.Provider);
    private static IOrderedQueryable<T> ThenBy<T>(IOrderedQueryable<T> q, Expression key, ParameterExpression p) => Call<T>("ThenBy", q.Expression, key, p, q.Provider);
    private static IOrderedQueryable<T> ThenByDescending<T>(IOrderedQueryable<T> q, Expression key, ParameterExpression p) => Call<T>("ThenByDescending", q.Expression, key, p, q.Provider);

    private static IOrderedQueryable<T> Call<T>(string method, Expression source, Expression key, ParameterExpression p, IQueryProvider provider)
    {
        var call = Expression.Call(typeof(Queryable), method, [typeof(T), key.Type], source, Expression.Quote(Expression.Lambda(key, p)));
        return (IOrderedQueryable<T>)provider.CreateQuery<T>(call);
    }

    private static Expression Param(object value, Type type)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(box), "Value");
    }

    private sealed class Keyed<TRow>
    {
        public TRow Row { get; set; } = default!;
        public object? Key { get; set; }
    }

    private sealed class Box<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static string Encode(object? key, Guid id)
    {
        var k = key switch
        {
            null => null,
            DateTime d => d.Ticks.ToString(CultureInfo.InvariantCulture),
            DateOnly d => d.DayNumber.ToString(CultureInfo.InvariantCulture),
            double x => x.ToString("R", CultureInfo.InvariantCulture),
            _ => key.ToString(),
        };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { k, id.ToString("N") })));
    }

    private static (object? Value, Guid Id) Decode(string cursor, Type keyType)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)))!;
            var id = Guid.ParseExact(parts[1]!, "N");
            var raw = parts[0];
            var t = Nullable.GetUnderlyingType(keyType) ?? keyType;
            object? value = raw is null ? null
                : t == typeof(DateTime) ? new DateTime(long.Parse(raw, CultureInfo.InvariantCulture), DateTimeKind.Utc)
                : t == typeof(DateOnly) ? DateOnly.FromDayNumber(int.Parse(raw, CultureInfo.InvariantCulture))
                : t == typeof(double) ? double.Parse(raw, CultureInfo.InvariantCulture) is var d && double.IsFinite(d) ? d : throw new FormatException()
                : raw;
            return (value, id);
        }
        catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException or ArgumentException or OverflowException or NullReferenceException)
        {
            throw new ValidationFailedException("cursor", "The cursor is not valid.");
        }
    }
}
