using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Audit;

namespace Rapport.Platform.Features;

/// <summary>The audit log, newest first, optionally for one record (a record's History view).</summary>
public sealed class ListAudit(RapportDb db, RequestContext ctx, IEnumerable<IRecordVisibility> visibility)
{
    public sealed record Item(Guid Id, DateTime OccurredAt, Guid? ActorUserId, Guid? ActorApiKeyId, string Action,
        string EntityType, Guid? EntityId, JsonElement? Changes);

    public async Task<Page<Item>> HandleAsync(Guid? entityId, int? limit, string? cursor, CancellationToken ct)
    {
        if (entityId is null) ctx.EnsureAdmin();
        // A record's history is as visible as the record: out of sight is a 404, like the record itself.
        else foreach (var v in visibility)
            if (!await v.CanSeeAsync(entityId.Value, ct)) throw new NotFoundException();
        var query = db.AuditLog.AsNoTracking();
        if (entityId is { } id) query = query.Where(a => a.EntityId == id);
        var page = await Paging.NewestFirstAsync(query, limit, cursor, ct);
        return page.Map(a => new Item(a.Id, a.CreatedAt, a.ActorUserId, a.ActorApiKeyId, a.Action, a.EntityType, a.EntityId,
            a.Changes is null ? null : JsonDocument.Parse(a.Changes).RootElement.Clone()));
    }
}

/// <summary>
/// Lets a module hide the history of records the caller may not see (contacts and accounts out of
/// the role's visibility). Returns true for ids the module does not own.
/// </summary>
public interface IRecordVisibility
{
    Task<bool> CanSeeAsync(Guid entityId, CancellationToken ct);
}
