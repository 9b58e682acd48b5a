using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

public sealed class ListApiKeys(RapportDb db, RequestContext ctx)
{
    public async Task<Page<ApiKeyDto>> HandleAsync(int? limit, string? cursor, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var page = await Paging.NewestFirstAsync(db.ApiKeys, limit, cursor, ct);
        return page.Map(ApiKeyDto.From);
    }
}
