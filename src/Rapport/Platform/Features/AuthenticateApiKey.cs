using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// Finds the key by its hash through the global unique index (the workspace is not known yet) and
/// records when it was last used (at most once a minute per key, outside the audit log).
/// </summary>
public sealed class AuthenticateApiKey(RapportDb db)
{
    public sealed record Result(Guid WorkspaceId, Guid ApiKeyId, string Role);

    public async Task<Result?> HandleAsync(string presentedKey, CancellationToken ct)
    {
        if (!presentedKey.StartsWith(ApiKey.Prefix, StringComparison.Ordinal) || presentedKey.Length > 100) return null;
        var hash = Secrets.Hash(presentedKey);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new { k.WorkspaceId, k.Id, k.Role, k.RevokedAt, k.LastUsedAt })
            .SingleOrDefaultAsync(ct);
        if (key is null || key.RevokedAt is not null) return null;
        var now = db.Now;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.WorkspaceId == key.WorkspaceId && k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        return new Result(key.WorkspaceId, key.Id, key.Role);
    }
}
