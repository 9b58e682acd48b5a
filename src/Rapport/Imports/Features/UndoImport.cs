using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;

namespace Rapport.Imports.Features;

/// <summary>
/// Takes an import back in one action: the records it created go to the trash (restorable like any
/// deleted record), the fields it updated get their old values back, links it added are removed —
/// read from the import's change log, chunk by chunk. One audit entry says it happened.
/// </summary>
public sealed class UndoImport(RapportDb db, RequestContext ctx, IServiceProvider services)
{
    public static bool CanUndo(ImportJob j) => !j.DryRun && j.UndoneAt is null && j.Status is ImportStatuses.Completed or ImportStatuses.Failed;

    public async Task<ImportDto> HandleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var job = await db.Imports.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The import was not found.");
        if (job.DryRun) throw new ConflictException("A dry run changed nothing; there is nothing to undo.");
        if (job.Status == ImportStatuses.Undone) throw new ConflictException("This import was already undone.");
        if (!CanUndo(job)) throw new ConflictException("The import is still running; undo it when it has finished.");
        // Claim it first, so two undos cannot run at once.
        var claimed = await db.Imports.Where(x => x.Id == id && x.UndoneAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.UndoneAt, db.Now), ct);
        if (claimed == 0) throw new ConflictException("This import was already undone.");
        var target = ImportTargets.Find(services, job.Entity) ?? throw new ConflictException("This kind of import can no longer be undone.");
        db.Database.SetCommandTimeout(BulkWriter.Timeout);
        try { await target.UndoAsync(job, services, ct); }
        catch
        {
            // Chunks already undone stay undone (each commits on its own); the import can be undone again to finish.
            await db.Imports.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UndoneAt, (DateTime?)null), CancellationToken.None);
            throw;
        }
        db.ChangeTracker.Clear();
        job = await db.Imports.SingleAsync(x => x.Id == id, ct);
        job.Status = ImportStatuses.Undone;
        AuditTrail.Record(db, "undone", "import", job.Id, workspaceId: job.WorkspaceId, actorUserId: ctx.UserId, actorApiKeyId: ctx.ApiKeyId);
        db.Publish(new ImportUndone(job.Id, job.Entity));
        await db.SaveChangesAsync(ct);
        // A completed import's file went when it completed; a failed one's may still be here (its process stopped): an undone import runs no more.
        ImportRunner.TryDelete(job.FilePath);
        return await services.GetRequiredService<GetImport>().HandleAsync(id, ct: ct);
    }
}
