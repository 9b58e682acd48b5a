using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Imports.Features;

/// <summary>The import's report: status, counts, progress and its first errors (all are counted and stored).</summary>
public sealed record ImportDto(Guid Id, string Entity, string Status, string FileName, bool DryRun, string OnDuplicate, string MatchOn,
    ImportCounts Counts, int RowsRead, int Progress, IReadOnlyList<ImportErrorDto> Errors, int ErrorCount, string? Failure,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, DateTime? UndoneAt, bool CanUndo)
{
    public static ImportDto From(ImportJob j, IReadOnlyList<ImportErrorDto> errors, int errorCount) => new(
        j.Id, j.Entity, j.Status, j.FileName, j.DryRun, j.OnDuplicate, j.MatchOn, new ImportCounts(j.Created, j.Updated, j.Skipped, j.Failed),
        j.RowsRead, ProgressOf(j), errors, errorCount, j.Failure, j.CreatedAt, j.StartedAt, j.FinishedAt, j.UndoneAt, UndoImport.CanUndo(j));

    public static int ProgressOf(ImportJob j) => j.Status is ImportStatuses.Completed or ImportStatuses.Undone ? 100
        : j.FileBytes <= 0 ? 0 : (int)Math.Clamp(j.BytesRead * 100 / j.FileBytes, 0, 99);
}

public sealed record ImportCounts(int Created, int Updated, int Skipped, int Failed);

public sealed record ImportErrorDto(int Row, string? Column, string Message);

public sealed class GetImport(RapportDb db)
{
    public const int MaxErrors = 1000;

    public async Task<ImportDto> HandleAsync(Guid id, int maxErrors = MaxErrors, CancellationToken ct = default)
    {
        var job = await db.Imports.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The import was not found.");
        var errors = await db.ImportErrors.AsNoTracking().Where(e => e.ImportId == id).OrderBy(e => e.Seq).Take(maxErrors)
            .Select(e => new ImportErrorDto(e.Row, e.Column, e.Message)).ToListAsync(ct);
        var count = errors.Count < maxErrors ? errors.Count : await db.ImportErrors.CountAsync(e => e.ImportId == id, ct);
        return ImportDto.From(job, errors, count);
    }
}

public sealed class ListImports(RapportDb db)
{
    public async Task<Page<ImportDto>> HandleAsync(int? limit, string? cursor, CancellationToken ct)
    {
        var page = await Paging.NewestFirstAsync(db.Imports.AsNoTracking(), limit, cursor, ct);
        return page.Map(j => ImportDto.From(j, [], j.Failed));
    }
}
