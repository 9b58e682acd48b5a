using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Rapport.Data;

/// <summary>snake_case columns and predictable key, foreign key and index names, so the SQL migrations read naturally.</summary>
public static class Naming
{
    public static void Apply(IMutableModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var p in entity.GetProperties()) p.SetColumnName(SnakeCase(p.Name));
            foreach (var key in entity.GetKeys()) key.SetName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{Cols(key.Properties)}");
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName($"fk_{table}_{fk.PrincipalEntityType.GetTableName()}_{Cols(fk.Properties)}");
            foreach (var ix in entity.GetIndexes())
                // A named index keeps its name (PostgreSQL cuts identifiers at 63 characters).
                ix.SetDatabaseName(ix.Name ?? $"{(ix.IsUnique ? "ux" : "ix")}_{table}_{Cols(ix.Properties)}");
        }
    }

    private static string Cols(IEnumerable<IReadOnlyProperty> props) => string.Join("_", props.Select(p => SnakeCase(p.Name)));

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
