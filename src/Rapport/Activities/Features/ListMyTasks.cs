using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// "My tasks": the acting user's open tasks in buckets, by the workspace's time zone.
/// <list type="bullet">
/// <item><c>overdue</c>: due before now (oldest first);</item>
/// <item><c>today</c>: due from now until the end of today, local midnight in the workspace's time zone;</item>
/// <item><c>upcoming</c>: due after today (soonest first);</item>
/// <item><c>noDueDate</c>: open tasks without a due time (newest first).</item>
/// </list>
/// Each bucket holds at most <c>limit</c> tasks (default 50, at most 200); <c>counts</c> has the full sizes.
/// </summary>
public sealed class ListMyTasks(RapportDb db, ActivityAccess access, ActivityTargets targets)
{
    public sealed record Counts(int Overdue, int Today, int Upcoming, int NoDueDate);

    public sealed record Result(string TimeZone, DateTime Now, DateTime TodayEndsAt, Counts Counts,
        IReadOnlyList<TaskDto> Overdue, IReadOnlyList<TaskDto> Today, IReadOnlyList<TaskDto> Upcoming, IReadOnlyList<TaskDto> NoDueDate);

    public async Task<Result> HandleAsync(int? limit, CancellationToken ct)
    {
        var take = Paging.ClampLimit(limit);
        var me = await access.ActingUserIdAsync(ct);
        var workspaceId = db.Request.WorkspaceId;
        var zoneId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.TimeZone).SingleOrDefaultAsync(ct) ?? "UTC";
        var zone = Times.Zone(zoneId);
        var now = db.Now;
        var endOfToday = Times.EndOfLocalDay(now, zone);
        if (me is not { } userId)
            return new Result(zoneId, now, endOfToday, new Counts(0, 0, 0, 0), [], [], [], []);

        var open = db.Tasks.AsNoTracking().Where(t => t.AssigneeId == userId && t.Status == TaskStatuses.Open);
        var overdue = open.Where(t => t.DueAt != null && t.DueAt < now);
        var today = open.Where(t => t.DueAt != null && t.DueAt >= now && t.DueAt < endOfToday);
        var upcoming = open.Where(t => t.DueAt != null && t.DueAt >= endOfToday);
        var undated = open.Where(t => t.DueAt == null);

        var counts = new Counts(await overdue.CountAsync(ct), await today.CountAsync(ct), await upcoming.CountAsync(ct), await undated.CountAsync(ct));
        async Task<List<TaskDto>> Read(IQueryable<CrmTask> q)
        {
            var rows = await q.Take(take).ToListAsync(ct);
            var others = await targets.OthersAsync(ActivityTypes.Task, rows.Select(t => t.Id).ToList(), ct);
            return rows.Select(t => TaskDto.From(t, others[t.Id])).ToList();
        }
        return new Result(zoneId, now, endOfToday, counts,
            await Read(overdue.OrderBy(t => t.DueAt).ThenBy(t => t.Id)),
            await Read(today.OrderBy(t => t.DueAt).ThenBy(t => t.Id)),
            await Read(upcoming.OrderBy(t => t.DueAt).ThenBy(t => t.Id)),
            await Read(undated.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)));
    }
}
