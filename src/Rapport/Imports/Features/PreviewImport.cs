using Rapport.Data;
using Rapport.Records;

namespace Rapport.Imports.Features;

/// <summary>
/// The wizard's mapping step: the file's columns with their guessed (or chosen) fields, the fields on offer, and the first rows.
/// Streams the file and reads only the header and <c>rows</c> records, each bounded by <see cref="CsvReader"/> (500 columns,
/// 64 KB header, 1 MB record): a hostile file is a 400 naming <c>file</c> after at most those bounds were read.
/// </summary>
public sealed class PreviewImport(RapportDb db, IServiceProvider services)
{
    public sealed record Preview(char Delimiter, IReadOnlyList<string> Headers, IReadOnlyList<string?> Fields, IReadOnlyList<ImportField> Choices,
        IReadOnlyList<IReadOnlyList<string>> Rows, Dictionary<string, string[]> Errors);

    public async Task<Preview> HandleAsync(string entity, string filePath, IReadOnlyDictionary<string, string?>? map, int rows, CancellationToken ct)
    {
        var target = ImportTargets.Find(services, entity) ?? throw new Common.ValidationFailedException("entity", "Unknown entity.");
        var defs = await CustomFieldDefinitions.ForTypeAsync(db, target.CustomFieldEntity, ct);
        var choices = ImportMapping.FieldsOf(target, defs);
        await using var stream = File.OpenRead(filePath);
        using var csv = new CsvReader(stream);
        var headers = csv.Read()?.ToArray() ?? throw new Common.ValidationFailedException("file", "The file is empty.");
        var (fields, errors) = ImportMapping.Resolve(headers, choices, map ?? new Dictionary<string, string?>());
        var sample = new List<IReadOnlyList<string>>();
        // A bounded number of rows, each bounded by the reader; cells are clipped for the page (a 1 MB cell is not a preview).
        while (sample.Count < rows && csv.Read() is { } r) sample.Add(r.Select(Clip).ToArray());
        return new Preview(csv.Delimiter, headers, fields, choices, sample, errors);
    }

    public const int PreviewCellChars = 200;

    private static string Clip(string cell) => cell.Length <= PreviewCellChars ? cell : cell[..PreviewCellChars] + "…";
}
