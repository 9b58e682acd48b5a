using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

public sealed class GetWorkspace(RapportDb db, RequestContext ctx)
{
    private static readonly PerModel<Func<RapportDb, Guid, CancellationToken, Task<Workspace?>>> ById = new(() => EF.CompileAsyncQuery(
        (RapportDb db, Guid id, CancellationToken ct) => db.Workspaces.AsNoTracking().SingleOrDefault(x => x.Id == id)));

    public async Task<WorkspaceDto> HandleAsync(CancellationToken ct)
    {
        var w = await ById.For(db)(db, ctx.WorkspaceId, ct) ?? throw new NotFoundException("The workspace was not found.");
        return WorkspaceDto.From(w);
    }
}
