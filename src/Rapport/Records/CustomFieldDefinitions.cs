using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Records;

public static class CustomFieldDefinitions
{
    /// <summary>The live definitions of one record type, in display order (every read and write of its records, the import).</summary>
    public static async Task<List<CustomFieldDefinition>> ForTypeAsync(RapportDb db, string type, CancellationToken ct)
    {
        var list = new List<CustomFieldDefinition>();
        await foreach (var d in ByType.For(db)(db, type).WithCancellation(ct)) list.Add(d);
        return list;
    }

    private static readonly PerModel<Func<RapportDb, string, IAsyncEnumerable<CustomFieldDefinition>>> ByType = new(() => EF.CompileAsyncQuery<RapportDb, string, CustomFieldDefinition>(
        (RapportDb db, string type) => db.CustomFieldDefinitions.AsNoTracking().Where(d => d.Entity == type).OrderBy(d => d.Position).ThenBy(d => d.CreatedAt)));
}
