using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Customers;

/// <summary>
/// Builds SQL-translatable filters and sort keys on a custom field, with the key as a constant so
/// the SQL matches the field's <c>cf_*</c> expression index.
/// </summary>
public static class CustomFieldQuery
{
    public const string Eq = "eq", Gt = "gt", Lt = "lt";

    private static readonly System.Reflection.MethodInfo TextMethod = typeof(JsonFunctions).GetMethod(nameof(JsonFunctions.Text))!;
    private static readonly System.Reflection.MethodInfo NumberMethod = typeof(JsonFunctions).GetMethod(nameof(JsonFunctions.Number))!;
    private static readonly System.Reflection.MethodInfo CompareMethod = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly System.Reflection.MethodInfo LikeMethod = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    /// <summary>
    /// A list filter <c>customFields.&lt;key&gt;[.gt|.lt]=value</c> as a predicate, or null with the reason in
    /// <paramref name="e"/>: no such field, .gt/.lt on a type that has no order, a value that does not fit the type.
    /// </summary>
    public static Expression<Func<T, bool>>? ParseFilter<T>(string name, string value, IReadOnlyList<CustomFieldDefinition> defs,
        Expression<Func<T, string>> column, string defaultCountry, bool sqlite, Common.FieldErrors e)
    {
        var key = name["customFields.".Length..];
        var op = Eq;
        if (key.EndsWith(".gt")) { op = Gt; key = key[..^3]; }
        else if (key.EndsWith(".lt")) { op = Lt; key = key[..^3]; }
        var def = defs.FirstOrDefault(d => d.Key == key);
        if (def is null) { e.Add(name, "There is no such custom field."); return null; }
        if (op != Eq && !(CustomFieldTypes.IsNumeric(def.Type) || def.Type is CustomFieldTypes.Date or CustomFieldTypes.DateTime))
        { e.Add(name, ".gt and .lt apply to number, currency, date and date-time fields."); return null; }
        var parsed = CustomFieldValues.ParseFilter(def, value, defaultCountry);
        if (parsed is null) { e.Add(name, $"Is not a valid {def.Type} value."); return null; }
        return Filter(column, def, op, parsed, sqlite);
    }

    /// <summary>The sort key: a number for number/currency fields, else the stored text.</summary>
    public static LambdaExpression SortKey<T>(Expression<Func<T, string>> column, CustomFieldDefinition def)
    {
        var p = column.Parameters[0];
        return Expression.Lambda(Value(column.Body, def, numeric: CustomFieldTypes.IsNumeric(def.Type)), p);
    }

    private static Expression Value(Expression col, CustomFieldDefinition def, bool numeric) =>
        Expression.Call(numeric ? NumberMethod : TextMethod, col, Expression.Constant(def.Key));

    /// <summary>
    /// x =&gt; value(x) op v. <paramref name="value"/> is already in the stored form
    /// (<see cref="CustomFieldValues.ParseFilter"/>): double for numbers, bool for booleans, else string.
    /// </summary>
    public static Expression<Func<T, bool>> Filter<T>(Expression<Func<T, string>> column, CustomFieldDefinition def, string op, object value, bool sqlite)
    {
        var p = column.Parameters[0];
        var col = column.Body;
        Expression body;
        if (CustomFieldTypes.IsNumeric(def.Type))
        {
            var left = Value(col, def, numeric: true);
            var right = Param<double?>((double)value);
            body = op switch { Gt => Expression.GreaterThan(left, right), Lt => Expression.LessThan(left, right), _ => Expression.Equal(left, right) };
        }
        else if (def.Type == CustomFieldTypes.Boolean)
        {
            // SQLite's json_extract gives 1/0 for true/false; PostgreSQL's jsonb_extract_path_text gives 'true'/'false'.
            body = sqlite
                ? Expression.Equal(Value(col, def, numeric: true), Param<double?>((bool)value ? 1 : 0))
                : Expression.Equal(Value(col, def, numeric: false), Param<string?>((bool)value ? "true" : "false"));
        }
        else if (def.Type == CustomFieldTypes.MultiSelect)
        {
            // The stored array's JSON text contains the option as a JSON string.
            var pattern = "%" + System.Text.Json.JsonSerializer.Serialize((string)value).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            body = Expression.Call(LikeMethod, Expression.Constant(EF.Functions), Value(col, def, numeric: false), Param<string>(pattern), Expression.Constant("\\"));
        }
        else
        {
            var left = Value(col, def, numeric: false);
            var right = Param<string?>((string)value);
            body = op switch
            {
                Gt => Expression.GreaterThan(Expression.Call(CompareMethod, left, right), Expression.Constant(0)),
                Lt => Expression.LessThan(Expression.Call(CompareMethod, left, right), Expression.Constant(0)),
                _ => Expression.Equal(left, right),
            };
        }
        return Expression.Lambda<Func<T, bool>>(body, p);
    }

    /// <summary>A value EF sends as a parameter (a member of a constant closure), not inlined into the SQL.</summary>
    public static Expression Param<TValue>(TValue value) =>
        Expression.Property(Expression.Constant(new Box<TValue>(value)), nameof(Box<TValue>.Value));

    private sealed class Box<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }
}
