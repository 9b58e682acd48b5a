using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Activities.Features;

/// <summary>
/// Tasks (follow-ups): list, read, create, change (merge patch, If-Match), delete (to the trash).
/// The assignee must be an active member and defaults to the acting user. Setting status
/// "completed" stamps completedAt; "open" clears it. Moving remindAt re-arms the reminder.
/// </summary>
public sealed class ManageTasks(RapportDb db, RequestContext ctx, ActivityAccess access, ActivityTargets targets)
{
    public sealed record Request(string? Title = null, string? Description = null, DateTime? DueAt = null, DateTime? RemindAt = null,
        string? Priority = null, Guid? AssigneeId = null, Guid? ContactId = null, Guid? AccountId = null, string? Status = null, List<TargetRef>? Targets = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
            RuleFor(x => x.Description).MaximumLength(20000);
            RuleFor(x => x.Priority).NotEmpty().Must(p => TaskPriorities.All.Contains(p))
                .WithMessage($"Must be one of: {string.Join(", ", TaskPriorities.All)}.");
            RuleFor(x => x.Status).NotEmpty().Must(s => TaskStatuses.All.Contains(s))
                .WithMessage($"Must be one of: {string.Join(", ", TaskStatuses.All)}.");
        }
    }

    private static readonly IReadOnlySet<string> ReadOnlyFields =
        new HashSet<string> { "id", "remindedAt", "completedAt", "createdByUserId", "createdAt", "updatedAt", "version" };

    public async Task<Page<TaskDto>> ListAsync(Guid? contactId, Guid? accountId, Guid? assigneeId, string? status, int? limit, string? cursor, CancellationToken ct,
        string? targetType = null, Guid? targetId = null)
    {
        if (status is not null && !TaskStatuses.All.Contains(status))
            throw new ValidationFailedException("status", $"Must be one of: {string.Join(", ", TaskStatuses.All)}.");
        await access.EnsureLinksVisibleAsync(contactId, accountId, ct);
        var q = await access.VisibleTasksAsync(db.Tasks.AsNoTracking(), ct);
        if (contactId is { } c) q = q.Where(t => t.ContactId == c);
        if (accountId is { } a) q = q.Where(t => t.AccountId == a);
        if (assigneeId is { } u) q = q.Where(t => t.AssigneeId == u);
        if (status is not null) q = q.Where(t => t.Status == status);
        q = await targets.FilterAsync(q, ActivityTypes.Task, targetType, targetId, ct);
        var page = await Paging.NewestFirstAsync(q, limit, cursor, ct);
        var others = await targets.OthersAsync(ActivityTypes.Task, page.Items.Select(t => t.Id).ToList(), ct);
        return page.Map(t => TaskDto.From(t, others[t.Id]));
    }

    public async Task<TaskDto> GetAsync(Guid id, CancellationToken ct)
    {
        var t = await FindAsync(id, ct);
        return TaskDto.From(t, (await targets.OthersAsync(ActivityTypes.Task, [t.Id], ct))[t.Id]);
    }

    public async Task<TaskDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        r = Normalize(r with
        {
            Priority = r.Priority ?? TaskPriorities.Normal,
            Status = r.Status ?? TaskStatuses.Open,
            AssigneeId = r.AssigneeId ?? await access.ActingUserIdAsync(ct),
        });
        new Validator().EnsureValid(r);
        if (r.AssigneeId is { } assignee) await EnsureActiveMemberAsync(assignee, ct);
        var links = await targets.ResolveAsync(r.ContactId, r.AccountId, r.Targets, ct);
        var others = links.Others ?? [];
        r = r with { ContactId = links.ContactId, AccountId = links.AccountId };
        await access.EnsureLinksVisibleAsync(r.ContactId, r.AccountId, ct);
        var now = db.Now;
        var task = new CrmTask
        {
            WorkspaceId = ctx.WorkspaceId,
            CreatedByUserId = await access.ActingUserIdAsync(ct),
            CreatedAt = now,
        };
        Apply(task, r, now);
        db.Tasks.Add(task);
        await targets.SetAsync(ActivityTypes.Task, task.WorkspaceId, task.Id, others, ct);
        db.Publish(new TaskCreated(task.Id, task.AssigneeId, task.ContactId, task.AccountId, task.DueAt));
        await db.SaveChangesAsync(ct);
        return TaskDto.From(task, others);
    }

    /// <summary>A JSON merge patch; a stale <paramref name="ifMatchVersion"/> is a 412. <c>"assigneeId": null</c> unassigns.</summary>
    public async Task<TaskDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var task = await FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != task.Version) throw new PreconditionFailedException();
        var current = new Request(task.Title, task.Description, task.DueAt, task.RemindAt, task.Priority, task.AssigneeId,
            task.ContactId, task.AccountId, task.Status);
        var r = Normalize(MergePatch.Apply(current, patch, ReadOnlyFields));
        new Validator().EnsureValid(r);
        if (r.AssigneeId is { } assignee && assignee != task.AssigneeId) await EnsureActiveMemberAsync(assignee, ct);
        var links = await targets.ResolveAsync(r.Targets is null || patch.ContainsKey("contactId") ? r.ContactId : null,
            r.Targets is null || patch.ContainsKey("accountId") ? r.AccountId : null, r.Targets, ct);
        r = r with { ContactId = links.ContactId, AccountId = links.AccountId };
        var others = links.Others ?? (await targets.OthersAsync(ActivityTypes.Task, [task.Id], ct))[task.Id].ToList();
        if (links.Others is not null) await targets.SetAsync(ActivityTypes.Task, task.WorkspaceId, task.Id, others, ct);
        await access.EnsureLinksVisibleAsync(r.ContactId != task.ContactId ? r.ContactId : null,
            r.AccountId != task.AccountId ? r.AccountId : null, ct);
        var wasCompleted = task.Status == TaskStatuses.Completed;
        Apply(task, r, db.Now);
        if (!wasCompleted && task.Status == TaskStatuses.Completed)
            db.Publish(new TaskCompleted(task.Id, task.AssigneeId, task.CompletedAt));
        await db.SaveChangesAsync(ct);
        return TaskDto.From(task, others);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var task = await FindAsync(id, ct);
        db.Tasks.Remove(task);
        db.Publish(new TaskDeleted(task.Id));
        await db.SaveChangesAsync(ct);
    }

    private async Task<CrmTask> FindAsync(Guid id, CancellationToken ct) =>
        await (await access.VisibleTasksAsync(db.Tasks, ct)).SingleOrDefaultAsync(t => t.Id == id, ct)
        ?? throw new NotFoundException("The task was not found.");

    private async Task EnsureActiveMemberAsync(Guid userId, CancellationToken ct)
    {
        if (!await Platform.Membership.IsActiveMemberAsync(db, userId, ct))
            throw new ValidationFailedException("assigneeId", "Must be an active member of the workspace.");
    }

    private static Request Normalize(Request r) => r with
    {
        Title = r.Title?.Trim(),
        Description = string.IsNullOrWhiteSpace(r.Description) ? null : r.Description,
        DueAt = Times.Utc(r.DueAt),
        RemindAt = Times.Utc(r.RemindAt),
    };

    private static void Apply(CrmTask t, Request r, DateTime now)
    {
        t.Title = r.Title!;
        t.Description = r.Description;
        t.DueAt = r.DueAt;
        if (t.RemindAt != r.RemindAt) t.RemindedAt = null;
        t.RemindAt = r.RemindAt;
        t.Priority = r.Priority!;
        t.AssigneeId = r.AssigneeId;
        t.ContactId = r.ContactId;
        t.AccountId = r.AccountId;
        if (r.Status == TaskStatuses.Completed && t.Status != TaskStatuses.Completed) t.CompletedAt = now;
        if (r.Status == TaskStatuses.Open) t.CompletedAt = null;
        t.Status = r.Status!;
        t.UpdatedAt = now;
    }
}
