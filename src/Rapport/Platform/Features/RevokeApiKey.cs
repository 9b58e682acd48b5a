using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>Revoking is immediate and final; the row stays (audit, "last used") but authenticates nothing.</summary>
public sealed class RevokeApiKey(RapportDb db, RequestContext ctx)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException("The API key was not found.");
        if (key.RevokedAt is not null) return;
        key.RevokedAt = db.Now;
        await db.SaveChangesAsync(ct);
    }
}
