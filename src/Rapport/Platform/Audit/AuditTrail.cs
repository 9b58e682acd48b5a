using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Audit;

/// <summary>
/// Platform's API over its own audit log, trash and outbox for the few things other modules must say
/// themselves (the module walls forbid them writing these tables): an explicit audit entry (an import,
/// its undo, a deal's child rows, an erasure), and an erasure's or a merge's clean-up of what Platform
/// keeps about a record. Everything is added to the caller's unit of work: it is saved, or not, with
/// the caller's own change. Ordinary creates, updates and deletes are audited by <see cref="RapportDb"/>.
/// </summary>
public static class AuditTrail
{
    /// <summary>
    /// Adds an audit entry. The workspace and actor are the request's unless given (a background job acts
    /// for whoever started it); <paramref name="changes"/> is serialized as the entry's field changes
    /// (<c>{"field": {"old": …, "new": …}}</c>).
    /// </summary>
    public static void Record(RapportDb db, string action, string entityType, Guid? entityId, object? changes = null,
        Guid? workspaceId = null, Guid? actorUserId = null, Guid? actorApiKeyId = null)
    {
        var byRequest = workspaceId is null;
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId ?? db.Request.WorkspaceId,
            CreatedAt = db.Now,
            ActorUserId = byRequest ? db.Request.UserId : actorUserId,
            ActorApiKeyId = byRequest ? db.Request.ApiKeyId : actorApiKeyId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Changes = changes switch { null => null, string s => s, _ => JsonSerializer.Serialize(changes, JsonDefaults.Options) },
        });
    }

    /// <summary>Rewrites the field changes of every audit entry about these records (an erasure keeps the field names, not the values).</summary>
    public static async Task RedactChangesAsync(RapportDb db, IReadOnlyCollection<Guid> entityIds, Func<string, string> redact, CancellationToken ct)
    {
        var ids = entityIds.ToList();
        foreach (var entry in await db.AuditLog.Where(a => a.EntityId != null && ids.Contains(a.EntityId.Value) && a.Changes != null).ToListAsync(ct))
            entry.Changes = redact(entry.Changes!);
    }

    /// <summary>Gives the trash entries of these records a new title (an erased person's name goes).</summary>
    public static async Task RetitleTrashAsync(RapportDb db, IReadOnlyCollection<Guid> entityIds, string title, CancellationToken ct)
    {
        var ids = entityIds.ToList();
        foreach (var t in await db.Trash.Where(t => ids.Contains(t.EntityId)).ToListAsync(ct)) t.Title = title;
    }

    /// <summary>Forgets the trash entries of these records (they left the trash another way: an undone merge restores them).</summary>
    public static async Task ForgetTrashAsync(RapportDb db, IReadOnlyCollection<Guid> entityIds, CancellationToken ct)
    {
        var ids = entityIds.ToList();
        db.Trash.RemoveRange(await db.Trash.Where(t => ids.Contains(t.EntityId)).ToListAsync(ct));
    }

    /// <summary>Rewrites the payload of every event not yet delivered (an erasure scrubs the person's strings from them).</summary>
    public static async Task ScrubUndeliveredEventsAsync(RapportDb db, Func<string, string> scrub, CancellationToken ct)
    {
        foreach (var m in await db.OutboxMessages.Where(m => m.ProcessedAt == null).ToListAsync(ct))
        {
            var scrubbed = scrub(m.Payload);
            if (scrubbed != m.Payload) m.Payload = scrubbed;
        }
    }
}
