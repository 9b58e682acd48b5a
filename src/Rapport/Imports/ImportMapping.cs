using Rapport.Customers;
using Rapport.Records;

namespace Rapport.Imports;

/// <summary>
/// Which field each CSV column feeds: explicit overrides (column → field, "" to ignore a column)
/// first, then guesses from the header (a field's own API name, label or usual spellings, and custom
/// fields by key or label). Each field takes at most one column.
/// </summary>
public static class ImportMapping
{
    public static IReadOnlyList<ImportField> FieldsOf(IImportTarget target, IReadOnlyList<CustomFieldDefinition> defs) =>
        target.Fields.Concat(defs.Select(d => new ImportField($"{ImportCells.CustomPrefix}{d.Key}", d.Label, d.Key, d.Label))).ToList();

    /// <summary>The field of each column (null: ignored), and the errors of the overrides keyed by <c>map.COLUMN</c>.</summary>
    public static (string?[] Fields, Dictionary<string, string[]> Errors) Resolve(IReadOnlyList<string> headers, IReadOnlyList<ImportField> fields,
        IReadOnlyDictionary<string, string?> overrides)
    {
        var result = new string?[headers.Count];
        var errors = new Dictionary<string, string[]>();
        var known = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var overridden = new HashSet<int>();
        foreach (var (column, field) in overrides)
        {
            var index = -1;
            for (var i = 0; i < headers.Count; i++) if (headers[i].Trim() == column.Trim()) { index = i; break; }
            if (index < 0) { errors[$"map.{column}"] = ["The file has no such column."]; continue; }
            overridden.Add(index);
            if (string.IsNullOrWhiteSpace(field)) continue; // ignore this column
            if (!known.Contains(field)) { errors[$"map.{column}"] = [$"Unknown field \"{field}\"."]; continue; }
            if (!taken.Add(field)) { errors[$"map.{column}"] = [$"Another column is already mapped to {field}."]; continue; }
            result[index] = field;
        }
        var guesses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            guesses.TryAdd(ImportCells.Normalize(f.Name), f.Name);
            guesses.TryAdd(ImportCells.Normalize(f.Label), f.Name);
            foreach (var h in f.Headers) guesses.TryAdd(ImportCells.Normalize(h), f.Name);
        }
        for (var i = 0; i < headers.Count; i++)
        {
            if (overridden.Contains(i)) continue;
            if (guesses.TryGetValue(ImportCells.Normalize(headers[i]), out var field) && taken.Add(field)) result[i] = field;
        }
        return (result, errors);
    }
}
