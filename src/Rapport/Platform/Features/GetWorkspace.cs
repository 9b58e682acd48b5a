using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

public sealed class GetWorkspace(RapportDb db, RequestContext ctx)
{
    public async Task<WorkspaceDto> HandleAsync(CancellationToken ct)
    {
        var w = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(x => x.Id == ctx.WorkspaceId, ct)
            ?? throw new NotFoundException("The workspace was not found.");
        return WorkspaceDto.From(w);
    }
}
