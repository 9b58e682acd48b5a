using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Data;
using Rapport.Records;

namespace Rapport.Imports.Features;

/// <summary>
/// Queues an import of an uploaded file: checks the options and the column mapping against the
/// file's header (400s name the part: entity, onDuplicate, matchOn, map.COLUMN, file), then the
/// worker runs it. Returns the new import.
/// </summary>
public sealed class CreateImport(RapportDb db, RequestContext ctx, IServiceProvider services, ImportSignal signal)
{
    public sealed record Options(string? Entity, string? OnDuplicate, string? MatchOn, bool DryRun, IReadOnlyDictionary<string, string?>? Map,
        bool CreateMissingAccounts = true);

    /// <summary>Data rows read (within the CSV reader's bounds) before an import is queued: as many as the wizard previews.</summary>
    public const int CheckedRows = 5;

    public async Task<ImportJob> HandleAsync(Options o, string filePath, long bytes, string? fileName, CancellationToken ct, bool keepFileOnError = false)
    {
        try
        {
            ctx.EnsureCanWrite();
            var e = new FieldErrors();
            var target = o.Entity is null ? null : ImportTargets.Find(services, o.Entity);
            if (target is null)
                e.Add("entity", $"Must be one of: {string.Join(", ", services.GetServices<IImportTarget>().Select(t => t.Entity))}.");
            var onDuplicate = o.OnDuplicate ?? DuplicateStrategies.Skip;
            if (!DuplicateStrategies.All.Contains(onDuplicate)) e.Add("onDuplicate", $"Must be one of: {string.Join(", ", DuplicateStrategies.All)}.");
            e.ThrowIfAny();
            var defs = await CustomFieldDefinitions.ForTypeAsync(db, target!.CustomFieldEntity, ct);
            var matchOn = o.MatchOn ?? target.DefaultMatchOn;
            var isCustom = matchOn.StartsWith(ImportCells.CustomPrefix, StringComparison.Ordinal)
                && defs.Any(d => d.Unique && $"{ImportCells.CustomPrefix}{d.Key}" == matchOn);
            if (!target.MatchKeys.Contains(matchOn) && !isCustom)
                e.Add("matchOn", $"Must be one of: {string.Join(", ", target.MatchKeys)}, or customFields.KEY of a unique custom field.");
            if (bytes == 0) e.Add("file", "The file is empty.");
            e.ThrowIfAny();

            // The header must be readable and the overrides must fit it, before anything is queued.
            await using (var stream = File.OpenRead(filePath))
            {
                using var csv = new CsvReader(stream);
                var headers = csv.Read() ?? throw new ValidationFailedException("file", "The file is empty.");
                if (headers.Count == 0 || CsvReader.IsBlank(headers)) throw new ValidationFailedException("file", "The first row must hold the column names.");
                var (fields, errors) = ImportMapping.Resolve(headers.ToArray(), ImportMapping.FieldsOf(target, defs), o.Map ?? new Dictionary<string, string?>());
                if (errors.Count > 0) throw new ValidationFailedException(errors);
                if (fields.All(f => f is null)) throw new ValidationFailedException("map", "No column maps to a field; name the columns or give a map.");
                // The rows the wizard previews, so a file refused there (a huge or binary first row) is refused here too;
                // a bad row further on fails the import in the worker, the reader's bounds naming it.
                for (var i = 0; i < CheckedRows && csv.Read() is not null; i++) { }
            }

            var job = new ImportJob
            {
                WorkspaceId = ctx.WorkspaceId, Entity = target.Entity, FileName = Truncate(Path.GetFileName(fileName ?? "import.csv"), 300),
                FilePath = filePath, FileBytes = bytes, OnDuplicate = onDuplicate, MatchOn = matchOn, DryRun = o.DryRun,
                CreateMissingAccounts = o.CreateMissingAccounts,
                Map = JsonSerializer.Serialize(o.Map ?? new Dictionary<string, string?>()), CreatedAt = db.Now,
                CreatedByUserId = ctx.UserId ?? await ActingUserAsync(ct), CreatedByApiKeyId = ctx.ApiKeyId,
            };
            db.Imports.Add(job);
            await db.SaveChangesAsync(ct);
            signal.Notify();
            return job;
        }
        catch
        {
            // The wizard keeps the file so the form can be corrected; the API's upload is gone with its request.
            if (!keepFileOnError) ImportRunner.TryDelete(filePath);
            throw;
        }
    }

    private async Task<Guid?> ActingUserAsync(CancellationToken ct) => await services.GetRequiredService<RecordAccess>().ActingUserIdAsync(ct);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>Parses the <c>map</c> form field: a JSON object column → field (null or "" ignores the column).</summary>
    public static Dictionary<string, string?>? ParseMap(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try { return JsonSerializer.Deserialize<Dictionary<string, string?>>(json); }
        catch (JsonException) { throw new ValidationFailedException("map", "Must be a JSON object of column name → field name."); }
    }
}
