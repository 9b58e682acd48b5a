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
    private sealed record Row(Guid WorkspaceId, Guid Id, string Role, DateTime? RevokedAt, DateTime? LastUsedAt);

    // Every API request runs this: compiled once, so EF skips building and hashing the LINQ tree each time.
    private static readonly PerModel<Func<RapportDb, string, CancellationToken, Task<Row?>>> FindByHash = new(() => EF.CompileAsyncQuery(
        (RapportDb db, string hash, CancellationToken ct) => db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new Row(k.WorkspaceId, k.Id, k.Role, k.RevokedAt, k.LastUsedAt))
            .SingleOrDefault()));

    public async Task<Result?> HandleAsync(string presentedKey, CancellationToken ct)
    {
        if (!presentedKey.StartsWith(ApiKey.Prefix, StringComparison.Ordinal) || presentedKey.Length > 100) return null;
        var hash = Secrets.Hash(presentedKey);
        var key = await FindByHash.For(db)(db, hash, ct);
        if (key is null || key.RevokedAt is not null) return null;
        var now = db.Now;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.WorkspaceId == key.WorkspaceId && k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        return new Result(key.WorkspaceId, key.Id, key.Role);
    }
}
