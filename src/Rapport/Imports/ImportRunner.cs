using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;
using Rapport.Records;

namespace Rapport.Imports;

/// <summary>
/// Runs one claimed import: streams the file row by row, plans each row through its target (the
/// module's writer validates it, duplicates are matched in memory), and every <see cref="ChunkRows"/>
/// rows writes the chunk, its change log, its row errors and the job's counts in one transaction —
/// so on SQLite the web app's writes interleave between chunks, and a crash loses at most a chunk
/// that was never reported. A dry run plans every row and writes only errors and counts.
/// </summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, ILogger<ImportRunner> log)
{
    public const int ChunkRows = 5_000;

    /// <summary>Runs the import (already claimed: status running). <paramref name="progress"/> sees the job after each chunk.</summary>
    public async Task RunAsync(Guid workspaceId, Guid importId, Action<ImportJob>? progress, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var sp = scope.ServiceProvider;
        var ctx = sp.GetRequiredService<RequestContext>();
        ctx.SetSystem(workspaceId);
        var db = sp.GetRequiredService<RapportDb>();
        db.Database.SetCommandTimeout(BulkWriter.Timeout); // a background job: a chunk may be slow on a busy server
        var job = await db.Imports.SingleAsync(x => x.Id == importId, ct);
        // The import acts as the person who started it (owner of new records, author of stage changes).
        ctx.Set(workspaceId, Roles.Owner, job.CreatedByUserId, job.CreatedByApiKeyId);
        try
        {
            await RunJobAsync(sp, db, job, progress, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Import {ImportId} failed", importId);
            db.ChangeTracker.Clear();
            job = await db.Imports.SingleAsync(x => x.Id == importId, CancellationToken.None);
            job.Status = ImportStatuses.Failed;
            job.Failure = Truncate(e switch
            {
                ImportFailedException => e.Message,
                // The CSV reader's bounds (a row too long or too wide, binary data) name the row.
                ValidationFailedException v => string.Join(" ", v.Errors.SelectMany(kv => kv.Value)),
                _ => $"The import stopped: {e.Message}",
            }, 2000);
            job.FinishedAt = db.Now;
            await db.SaveChangesAsync(CancellationToken.None);
            // Nothing runs a failed import's file again ("Import for real" is for a completed dry run): it goes now, not never.
            TryDelete(job.FilePath);
            progress?.Invoke(job);
        }
    }

    private static async Task RunJobAsync(IServiceProvider sp, RapportDb db, ImportJob job, Action<ImportJob>? progress, CancellationToken ct)
    {
        var target = ImportTargets.Find(sp, job.Entity) ?? throw new ImportFailedException($"Unknown entity {job.Entity}.");
        var defs = await CustomFieldDefinitions.ForTypeAsync(db, target.CustomFieldEntity, ct);
        if (!File.Exists(job.FilePath)) throw new ImportFailedException("The uploaded file is gone.");
        await using var file = new FileStream(job.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var csv = new CsvReader(file);
        var headers = csv.Read()?.ToArray() ?? throw new ImportFailedException("The file is empty.");
        var overrides = JsonSerializer.Deserialize<Dictionary<string, string?>>(job.Map) ?? [];
        var (fields, mapErrors) = ImportMapping.Resolve(headers, ImportMapping.FieldsOf(target, defs), overrides);
        if (mapErrors.Count > 0) throw new ImportFailedException(string.Join(" ", mapErrors.Select(kv => $"{kv.Key}: {kv.Value[0]}")));
        var columnOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++) if (fields[i] is { } f) columnOf[f] = headers[i];

        using var run = await target.StartAsync(job, columnOf.Keys.ToHashSet(), sp, ct);
        using var bulk = new BulkWriter(db);
        var errors = new List<ImportError>();
        var seq = await db.ImportErrors.Where(e => e.ImportId == job.Id).CountAsync(ct);
        var inChunk = 0;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (csv.Read() is { } record)
        {
            var row = csv.Row;
            job.RowsRead++;
            inChunk++;
            if (CsvReader.IsBlank(record)) job.Skipped++;
            else if (record.Count > headers.Length && record.Skip(headers.Length).Any(c => c.Trim().Length > 0))
            {
                job.Failed++;
                errors.Add(Error(job, ++seq, row, null, $"This row has {record.Count} cells; the header has {headers.Length}."));
            }
            else
            {
                values.Clear();
                for (var i = 0; i < fields.Length && i < record.Count; i++)
                    if (fields[i] is { } f) values[f] = record[i];
                var plan = await run.PlanAsync(row, values, ct);
                switch (plan.Outcome)
                {
                    case RowOutcome.Created: job.Created++; break;
                    case RowOutcome.Updated: job.Updated++; break;
                    case RowOutcome.Skipped: job.Skipped++; break;
                    default:
                        job.Failed++;
                        foreach (var (field, message) in plan.Errors)
                            errors.Add(Error(job, ++seq, row, ColumnOf(field, columnOf), message));
                        break;
                }
            }
            if (inChunk >= ChunkRows)
            {
                job.BytesRead = file.Position;
                await FlushAsync(db, run, bulk, job, errors, ct);
                progress?.Invoke(job);
                inChunk = 0;
            }
        }
        job.BytesRead = job.FileBytes;
        job.Status = ImportStatuses.Completed;
        job.FinishedAt = db.Now;
        if (!job.DryRun)
        {
            // One audit entry for the whole import (not one per row): what changed, row by row, is in the import's change log.
            AuditTrail.Record(db, "imported", "import", job.Id,
                new { entity = new { @new = job.Entity }, created = new { @new = job.Created }, updated = new { @new = job.Updated } },
                job.WorkspaceId, job.CreatedByUserId, job.CreatedByApiKeyId);
            db.Publish(new ImportCompleted(job.Id, job.Entity, job.Created, job.Updated));
        }
        await FlushAsync(db, run, bulk, job, errors, ct);
        progress?.Invoke(job);
        if (!job.DryRun) TryDelete(job.FilePath); // a dry run's file stays for the real run that usually follows
    }

    private static async Task FlushAsync(RapportDb db, IImportRun run, BulkWriter bulk, ImportJob job, List<ImportError> errors, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        job.HeartbeatAt = db.Now;
        await run.WriteAsync(bulk, job.DryRun, ct);
        await bulk.InsertAsync(errors, ct);
        await db.SaveChangesAsync(ct); // the job's counts (and at the end its status, audit entry and event)
        await tx.CommitAsync(ct);
        errors.Clear();
    }

    private static ImportError Error(ImportJob job, int seq, int row, string? column, string message) => new()
    {
        WorkspaceId = job.WorkspaceId, ImportId = job.Id, Seq = seq, Row = row, Column = column, Message = Truncate(message, 1000),
    };

    /// <summary>"addresses[0].city" → the column mapped to addresses.city; "emails" → the e-mail column.</summary>
    public static string? ColumnOf(string field, IReadOnlyDictionary<string, string> columnOf)
    {
        var f = System.Text.RegularExpressions.Regex.Replace(field, @"\[\d+\]", "");
        if (columnOf.TryGetValue(f, out var c)) return c;
        if (f.EndsWith('s') && columnOf.TryGetValue(f[..^1], out c)) return c;
        foreach (var (k, v) in columnOf) if (f.StartsWith(k + ".", StringComparison.Ordinal) || k.StartsWith(f + ".", StringComparison.Ordinal)) return v;
        return null;
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>The whole import cannot run (no file, bad header); its message is the job's failure.</summary>
public sealed class ImportFailedException(string message) : Exception(message);
