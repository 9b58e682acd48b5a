using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Data;

/// <summary>
/// Reads one key of a JSON column in SQL, so custom fields filter and sort in the database like
/// built-in fields. Marker methods, translated per provider; the key must be a constant in the
/// expression tree (build queries with <see cref="Expression.Constant(object)"/>) so the SQL matches
/// the custom-field expression indexes (<see cref="Records.CustomFieldIndexes"/>) exactly:
/// SQLite <c>json_extract(col, '$.key')</c>, PostgreSQL <c>jsonb_extract_path_text(col, 'key')</c>
/// (cast to double precision for numbers).
/// </summary>
public static class JsonFunctions
{
    public static string? Text(string json, string key) => throw new InvalidOperationException("Only in SQL.");
    public static double? Number(string json, string key) => throw new InvalidOperationException("Only in SQL.");

    /// <summary>The SQL of the indexed expression for a column and key (keys are validated identifiers).</summary>
    public static string IndexExpression(bool sqlite, string column, string key, bool numeric) =>
        sqlite ? $"json_extract(\"{column}\", '$.{key}')"
        : numeric ? $"(jsonb_extract_path_text(\"{column}\", '{key}')::double precision)"
        : $"jsonb_extract_path_text(\"{column}\", '{key}')";

    internal static void Register(ModelBuilder b, bool sqlite, IRelationalTypeMappingSource mappings)
    {
        var text = mappings.FindMapping(typeof(string))!;
        var number = mappings.FindMapping(typeof(double))!;
        b.HasDbFunction(typeof(JsonFunctions).GetMethod(nameof(Text))!).HasTranslation(args => Translate(args, sqlite, null, text));
        b.HasDbFunction(typeof(JsonFunctions).GetMethod(nameof(Number))!).HasTranslation(args => Translate(args, sqlite, number, text));
    }

    private static SqlExpression Translate(IReadOnlyList<SqlExpression> args, bool sqlite, RelationalTypeMapping? number, RelationalTypeMapping text)
    {
        if (args[1] is not SqlConstantExpression { Value: string key })
            throw new InvalidOperationException("The JSON key must be a constant in the query.");
        if (sqlite)
            return new SqlFunctionExpression("json_extract",
                [args[0], new SqlConstantExpression("$." + key, typeof(string), text)],
                nullable: true, argumentsPropagateNullability: [true, false], number is null ? typeof(string) : typeof(double), number ?? text);
        var value = new SqlFunctionExpression("jsonb_extract_path_text",
            [args[0], new SqlConstantExpression(key, typeof(string), text)],
            nullable: true, argumentsPropagateNullability: [true, false], typeof(string), text);
        return number is null ? value : new SqlUnaryExpression(ExpressionType.Convert, value, typeof(double), number);
    }
}
