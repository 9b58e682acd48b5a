using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Imports.Features;

/// <summary>
/// "Import for real" after a dry run: queues a new import of the dry run's file with its options and
/// mapping (the file a completed dry run keeps). Only a dry run whose file is still here can be run
/// (409 otherwise; 404 for an import of another workspace). Returns the new import. The wizard's
/// button, <c>POST /api/v1/imports/{id}/run</c> and <c>rapport import run ID</c> call this.
/// </summary>
public sealed class RunImportForReal(RapportDb db, RequestContext ctx, CreateImport create)
{
    public async Task<ImportJob> HandleAsync(Guid dryRunId, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var dry = await db.Imports.SingleOrDefaultAsync(x => x.Id == dryRunId, ct) ?? throw new NotFoundException("The import was not found.");
        if (!dry.DryRun || !File.Exists(dry.FilePath))
            throw new ConflictException("Only a dry run whose file is still here can be run for real; upload the file again.");
        var map = JsonSerializer.Deserialize<Dictionary<string, string?>>(dry.Map);
        // keepFileOnError: a refusal (a field since deleted, say) leaves the dry run's file for another try.
        return await create.HandleAsync(new CreateImport.Options(dry.Entity, dry.OnDuplicate, dry.MatchOn, false, map, dry.CreateMissingAccounts),
            dry.FilePath, dry.FileBytes, dry.FileName, ct, keepFileOnError: true);
    }
}
