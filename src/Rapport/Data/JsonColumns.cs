using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Data;

/// <summary>
/// A string property that holds JSON: TEXT on SQLite (read with json_extract), jsonb on PostgreSQL
/// (read with -&gt;&gt;, indexable). The model is shared by both providers, so the column type is set
/// in <see cref="RapportDb"/>'s OnModelCreating once the provider is known.
/// </summary>
public static class JsonColumns
{
    private const string Annotation = "Rapport:Json";

    public static PropertyBuilder<string> IsJson(this PropertyBuilder<string> p) => p.HasAnnotation(Annotation, true).IsRequired();

    internal static void Apply(IMutableModel model, bool sqlite)
    {
        foreach (var entity in model.GetEntityTypes())
            foreach (var p in entity.GetProperties())
                if (p.FindAnnotation(Annotation) is not null)
                    p.SetColumnType(sqlite ? "TEXT" : "jsonb");
    }
}
