using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Records;

/// <summary>
/// Expression indexes on a custom field's JSON value, created at run time when a field is defined,
/// so filtering and sorting by it stay indexed at a million rows. Named <c>cf_*</c>: the schema-drift
/// test knows them from migrated indexes. One index per table, key and type family serves every
/// workspace (the index leads with workspace_id).
/// </summary>
public static class CustomFieldIndexes
{
    public static string NameOf(string table, string key, bool numeric) =>
        $"cf_{table}_{(numeric ? "n" : "t")}_{key.ToLowerInvariant()}";

    public static async Task EnsureAsync(RapportDb db, CustomFieldDefinition def, string table, CancellationToken ct)
    {
        var numeric = CustomFieldTypes.IsNumeric(def.Type);
        var name = NameOf(table, def.Key, numeric);
        var expr = JsonFunctions.IndexExpression(db.IsSqlite, "custom_fields", def.Key, numeric);
        // Keys are validated identifiers ([a-zA-Z][a-zA-Z0-9_]*), so they are safe inside the DDL.
        var sql = $"CREATE INDEX IF NOT EXISTS \"{name}\" ON \"{table}\" (\"workspace_id\", {expr})";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
