using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// One pass of the reminder job (<see cref="TaskReminderWorker"/>): every open task whose
/// <c>remind_at</c> has come and whose reminder was not sent yet becomes an in-app notification
/// (kind "taskReminder") for its assignee, and <c>reminded_at</c> is stamped. Safe with several
/// instances: a task is claimed with a conditional UPDATE (<c>… WHERE reminded_at IS NULL</c>) in the
/// same transaction that adds the notification, so exactly one instance sends it, and a crash
/// before the commit leaves the reminder due. A deactivated assignee's reminder is marked sent
/// without a notification.
/// </summary>
public sealed class SendTaskReminders(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Sends the reminders due now, up to <paramref name="batch"/>; returns how many notifications it created.</summary>
    public async Task<int> RunOnceAsync(int batch = 200, CancellationToken ct = default)
    {
        List<(Guid WorkspaceId, Guid Id)> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            due = (await db.Tasks.IgnoreQueryFilters()
                    .Where(t => t.RemindAt != null && t.RemindAt <= now && t.RemindedAt == null && t.Status == TaskStatuses.Open && t.DeletedAt == null)
                    .OrderBy(t => t.RemindAt).Take(batch)
                    .Select(t => new { t.WorkspaceId, t.Id }).ToListAsync(ct))
                .Select(t => (t.WorkspaceId, t.Id)).ToList();
        }
        var sent = 0;
        foreach (var (workspaceId, id) in due)
            if (await SendAsync(workspaceId, id, ct)) sent++;
        return sent;
    }

    private async Task<bool> SendAsync(Guid workspaceId, Guid id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var now = db.Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Tasks
            .Where(t => t.Id == id && t.RemindedAt == null && t.RemindAt != null && t.RemindAt <= now && t.Status == TaskStatuses.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RemindedAt, now), ct);
        if (claimed != 1) return false;

        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, ct);
        var active = task.AssigneeId is { } assignee && await Platform.Membership.IsActiveMemberAsync(db, assignee, ct);
        if (active)
        {
            var zoneId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.TimeZone).SingleAsync(ct);
            var title = $"Reminder: {task.Title}";
            db.Notifications.Add(new Notification
            {
                WorkspaceId = workspaceId,
                UserId = task.AssigneeId!.Value,
                Kind = NotificationKinds.TaskReminder,
                Title = title.Length <= 300 ? title : title[..299] + "…",
                Body = task.DueAt is { } due ? $"Due {Local(due, zoneId)}" : null,
                Link = ActivityAccess.PageOf(task.ContactId, task.AccountId) ?? "/tasks",
                RecordId = task.Id,
                CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return active;
    }

    private static string Local(DateTime utc, string zoneId)
    {
        var zone = Times.Zone(zoneId);
        return TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }
}
