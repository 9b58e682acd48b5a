using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Outbox;

/// <summary>
/// Receives outbox events by type name (any number of types, or all: a webhook relay). A handler of
/// one event type is simpler as <see cref="IOutboxHandler{T}"/>, which gets the payload typed.
/// Registered in DI by the module that owns the reaction.
/// </summary>
public interface IOutboxHandler
{
    bool Handles(string eventType);

    /// <summary>
    /// Called with the workspace set in the scope's RequestContext. Database changes made through
    /// the scope's RapportDb commit together with the record that this handler has handled the
    /// message, so a redelivery does not repeat them. Effects outside the database must use
    /// <see cref="OutboxMessage.Id"/> as their idempotency key.
    /// </summary>
    Task HandleAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// Delivers due outbox messages at least once to every handler, retrying with exponential backoff.
/// Instances share the work safely: each claims a message with a lease (a conditional UPDATE), and
/// a redelivery skips the handlers already recorded in outbox_deliveries.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxDispatcher> log)
{
    public const int MaxAttempts = 10;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, attempts)));

    /// <summary>One pass: claims and delivers up to <paramref name="batch"/> due messages; returns how many it handled.</summary>
    public async Task<int> DispatchDueAsync(int batch = 50, CancellationToken ct = default)
    {
        List<(Guid WorkspaceId, Guid Id)> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            due = (await db.OutboxMessages.IgnoreQueryFilters()
                    .Where(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                    .OrderBy(m => m.NextAttemptAt).Take(batch)
                    .Select(m => new { m.WorkspaceId, m.Id }).ToListAsync(ct))
                .Select(m => (m.WorkspaceId, m.Id)).ToList();
        }
        var handled = 0;
        foreach (var (workspaceId, id) in due)
        {
            if (!await ClaimAsync(workspaceId, id, ct)) continue;
            await DeliverAsync(workspaceId, id, ct);
            handled++;
        }
        return handled;
    }

    private async Task<bool> ClaimAsync(Guid workspaceId, Guid id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        var claimed = await db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspaceId && m.Id == id && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), ct);
        return claimed == 1;
    }

    private async Task DeliverAsync(Guid workspaceId, Guid id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, ct);
        var done = (await db.OutboxDeliveries.Where(d => d.MessageId == id).Select(d => d.Handler).ToListAsync(ct)).ToHashSet();
        try
        {
            // Untyped handlers (which choose by type name) first, then the typed handlers of the message's event type.
            var handlers = scope.ServiceProvider.GetServices<IOutboxHandler>().Where(h => h.Handles(message.Type))
                .Select(h => (Name: h.GetType().FullName!, Run: (Func<CancellationToken, Task>)(c => h.HandleAsync(message, c))))
                .Concat(EventTypes.TypedHandlers(scope.ServiceProvider, message));
            foreach (var (name, run) in handlers)
            {
                if (done.Contains(name)) continue;
                await run(ct);
                db.OutboxDeliveries.Add(new OutboxDelivery { WorkspaceId = workspaceId, MessageId = id, Handler = name, DeliveredAt = Now() });
                await db.SaveChangesAsync(ct);
            }
            message.ProcessedAt = Now();
            message.LockedUntil = null;
            message.Attempts++;
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Outbox message {Id} ({Type}) failed on attempt {Attempt}", id, message.Type, message.Attempts + 1);
            db.ChangeTracker.Clear();
            var attempts = message.Attempts + 1;
            var now = Now();
            DateTime? failedAt = attempts >= MaxAttempts ? now : null;
            var error = e.GetType().Name + ": " + e.Message;
            if (error.Length > 2000) error = error[..2000];
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, now + Backoff(attempts))
                .SetProperty(m => m.LockedUntil, (DateTime?)null)
                .SetProperty(m => m.FailedAt, failedAt)
                .SetProperty(m => m.LastError, error), CancellationToken.None);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
