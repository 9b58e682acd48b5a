using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Trash;

/// <summary>
/// The trash for every soft-deletable entity: list, restore, and purge after 30 days. Entities
/// join by implementing <see cref="ISoftDeletable"/>; nothing here names them.
/// </summary>
public sealed class TrashBin(RapportDb db, RequestContext ctx, IEnumerable<IPurgeParticipant> participants)
{
    public static readonly TimeSpan RetainFor = TimeSpan.FromDays(30);

    public sealed record Item(Guid Id, string EntityType, Guid EntityId, string Title, DateTime DeletedAt,
        Guid? DeletedByUserId, DateTime PurgeAfter);

    public async Task<Page<Item>> ListAsync(int? limit, string? cursor, CancellationToken ct)
    {
        var page = await Paging.NewestFirstAsync(db.Trash.AsNoTracking(), limit, cursor, ct);
        return page.Map(t => new Item(t.Id, t.EntityType, t.EntityId, t.Title, t.CreatedAt, t.DeletedByUserId, t.CreatedAt + RetainFor));
    }

    /// <summary>Restores a deleted record by its own id (not the trash entry's).</summary>
    public async Task<Item> RestoreAsync(Guid entityId, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var entry = await db.Trash.SingleOrDefaultAsync(t => t.EntityId == entityId, ct)
            ?? throw new NotFoundException("Nothing with this id is in the trash.");
        var entity = await FindDeletedAsync(entry.EntityType, entityId, ct)
            ?? throw new NotFoundException("Nothing with this id is in the trash.");
        entity.DeletedAt = null;
        db.Trash.Remove(entry);
        await db.SaveChangesAsync(ct);
        return new Item(entry.Id, entry.EntityType, entry.EntityId, entry.Title, entry.CreatedAt, entry.DeletedByUserId, entry.CreatedAt + RetainFor);
    }

    /// <summary>
    /// Deletes for good what has been in the trash longer than 30 days, in the current workspace; the
    /// <see cref="IPurgeParticipant"/>s remove what hangs off the purged records (one save).
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var cutoff = db.Now - RetainFor;
        var expired = await db.Trash.Where(t => t.CreatedAt < cutoff).OrderBy(t => t.CreatedAt).Take(500).ToListAsync(ct);
        var purged = new List<(string Type, Guid Id)>();
        foreach (var entry in expired)
        {
            if (await FindDeletedAsync(entry.EntityType, entry.EntityId, ct) is { } entity)
            {
                db.Purge(entity);
                purged.Add((entry.EntityType, entry.EntityId));
            }
            db.Trash.Remove(entry);
        }
        foreach (var group in purged.GroupBy(p => p.Type))
            foreach (var participant in participants)
                await participant.PurgingAsync(group.Key, group.Select(p => p.Id).ToList(), ct);
        await db.SaveChangesAsync(ct);
        return expired.Count;
    }

    private async Task<ISoftDeletable?> FindDeletedAsync(string entityType, Guid id, CancellationToken ct)
    {
        var type = db.Model.GetEntityTypes().FirstOrDefault(t => RapportDb.EntityTypeName(t) == entityType)?.ClrType
            ?? throw new InvalidOperationException($"The trash holds an unknown entity type '{entityType}'.");
        var task = (Task<ISoftDeletable?>)FindMethod.MakeGenericMethod(type).Invoke(null, [db, id, ct])!;
        return await task;
    }

    private static readonly MethodInfo FindMethod = typeof(TrashBin).GetMethod(nameof(FindDeleted), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async Task<ISoftDeletable?> FindDeleted<T>(RapportDb db, Guid id, CancellationToken ct) where T : class, ISoftDeletable =>
        await db.Set<T>().IgnoreQueryFilters([RapportDb.SoftDeleteFilter])
            .SingleOrDefaultAsync(e => e.Id == id && e.DeletedAt != null, ct);
}
