using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Records;

namespace Rapport.Imports;

/// <summary>A field a CSV column can map to: its API name (<c>firstName</c>, <c>addresses.city</c>,
/// <c>customFields.shoeSize</c>), a label for the mapping table, and the header spellings it is guessed from.</summary>
public sealed record ImportField(string Name, string Label, params string[] Headers);

/// <summary>
/// One kind of record the import can write (contacts, accounts; leads, deals and orders plug in the
/// same way): its fields and header guesses, its duplicate keys, how a row becomes a validated
/// entity (through the module's own writer, so the API's rules apply), and how a chunk of rows is
/// written and undone. Register with <c>services.AddImportTarget&lt;T&gt;()</c>.
/// </summary>
public interface IImportTarget
{
    /// <summary>contact, account, … (the <c>entity</c> form field).</summary>
    string Entity { get; }
    string DefaultMatchOn { get; }
    /// <summary>Built-in match keys; <c>customFields.KEY</c> of a unique custom field is always accepted too.</summary>
    IReadOnlyList<string> MatchKeys { get; }
    /// <summary>Built-in fields (custom fields are added from the definitions).</summary>
    IReadOnlyList<ImportField> Fields { get; }
    string CustomFieldEntity { get; }
    /// <summary>Starts one import run (loads what every row needs once).</summary>
    Task<IImportRun> StartAsync(ImportJob job, IReadOnlySet<string> mappedFields, IServiceProvider services, CancellationToken ct);
    /// <summary>Takes back what an import did: created records to the trash, updated fields to their old values.</summary>
    Task UndoAsync(ImportJob job, IServiceProvider services, CancellationToken ct);
}

/// <summary>One running import of one target: plans rows (no database access) and writes chunks.</summary>
public interface IImportRun : IDisposable
{
    /// <summary>Plans a row: created, updated, skipped, or failed with errors (field → messages).</summary>
    Task<RowPlan> PlanAsync(int row, Dictionary<string, string> values, CancellationToken ct);
    /// <summary>Writes the planned rows since the last call (in the caller's transaction) and records them in the change log; a dry run only forgets them.</summary>
    Task WriteAsync(BulkWriter bulk, bool dryRun, CancellationToken ct);
}

public enum RowOutcome { Created, Updated, Skipped, Failed }

public sealed record RowPlan(RowOutcome Outcome, IReadOnlyList<(string Field, string Message)> Errors)
{
    public static readonly RowPlan Created = new(RowOutcome.Created, []);
    public static readonly RowPlan Updated = new(RowOutcome.Updated, []);
    public static readonly RowPlan Skipped = new(RowOutcome.Skipped, []);
    public static RowPlan Fail(string field, string message) => new(RowOutcome.Failed, [(field, message)]);
}

/// <summary>Turns a row's cells (field → text) into the API's JSON body, typed as the API expects.</summary>
public static class ImportCells
{
    public const string AddressPrefix = "addresses.";
    public const string CustomPrefix = "customFields.";

    public static JsonObject ToBody(Dictionary<string, string> values, IReadOnlyList<CustomFieldDefinition> defs, IReadOnlySet<string> writerFields)
    {
        var body = new JsonObject();
        JsonObject? address = null;
        JsonObject? custom = null;
        foreach (var (field, raw) in values)
        {
            var text = raw.Trim();
            if (text.Length == 0) continue; // an empty cell leaves the field as it is
            // Our own export guards formula-like cells with an apostrophe ('+1 415…): read them back as written.
            if (text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@') text = text[1..];
            if (field.StartsWith(AddressPrefix, StringComparison.Ordinal))
                (address ??= [])[field[AddressPrefix.Length..]] = text;
            else if (field.StartsWith(CustomPrefix, StringComparison.Ordinal))
            {
                var key = field[CustomPrefix.Length..];
                var def = defs.FirstOrDefault(d => d.Key == key);
                (custom ??= [])[key] = def is null ? JsonValue.Create(text) : CustomValue(def, text);
            }
            else if (writerFields.Contains(field))
                body[field] = field == "annualRevenue" ? Number(text) : JsonValue.Create(text);
        }
        if (address is not null) body["addresses"] = new JsonArray(address);
        if (custom is not null) body["customFields"] = custom;
        return body;
    }

    private static JsonNode Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(text);

    private static JsonNode CustomValue(CustomFieldDefinition def, string text) => def.Type switch
    {
        CustomFieldTypes.Number or CustomFieldTypes.Currency => Number(text),
        CustomFieldTypes.Boolean => text.ToLowerInvariant() switch
        {
            "true" or "yes" or "y" or "1" or "x" => JsonValue.Create(true),
            "false" or "no" or "n" or "0" => JsonValue.Create(false),
            _ => JsonValue.Create(text),
        },
        CustomFieldTypes.MultiSelect => new JsonArray(text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
        _ => JsonValue.Create(text),
    };

    /// <summary>"Postal code" → "postalcode": how headers and field names are compared.</summary>
    public static string Normalize(string header)
    {
        Span<char> buf = stackalloc char[Math.Min(header.Length, 200)];
        var n = 0;
        foreach (var c in header)
        {
            if (n == buf.Length) break;
            if (char.IsLetterOrDigit(c)) buf[n++] = char.ToLowerInvariant(c);
        }
        return new string(buf[..n]);
    }
}

public static class ImportTargets
{
    public static IImportTarget? Find(IServiceProvider services, string entity) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetServices<IImportTarget>(services).FirstOrDefault(t => t.Entity == entity);
}
