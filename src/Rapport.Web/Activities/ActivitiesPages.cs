using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Rapport.Activities;
using Rapport.Activities.Features;
using Rapport.Common;
using Rapport.Platform.Features;
using Rapport.Web.Activities.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Activities;

/// <summary>My tasks: the list, a result shown once (?done=…), and the quick-add form's title and errors when it was refused.</summary>
public sealed record MyTasksModel(ListMyTasks.Result Tasks, string? Done = null, string? Title = null, IDictionary<string, string[]>? Errors = null);

/// <summary>The top bar's bell: how many notifications are unread.</summary>
public sealed record NotificationBellModel(int Unread);

/// <summary>My tasks, notifications and the top bar's bell. Thin: form fields → handler requests.</summary>
public static class ActivitiesPages
{
    public static void MapActivitiesPages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/tasks", async (string? done, ListMyTasks tasks, CancellationToken ct) =>
            PageResults.Render<MyTasksPage, MyTasksModel>(new(await tasks.HandleAsync(null, ct), Done: done)));

        ui.MapPost("/tasks", async ([FromForm] string? title, [FromForm] string? dueDate, [FromForm] string? dueTime, [FromForm] string? priority,
            ManageTasks manage, ListMyTasks tasks, GetWorkspace workspace, CancellationToken ct) =>
        {
            var zone = Times.Zone((await workspace.HandleAsync(ct)).TimeZone);
            DateTime? due = null;
            if (!string.IsNullOrWhiteSpace(dueDate))
            {
                if (!DateOnly.TryParseExact(dueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return PageResults.Render<MyTasksPage, MyTasksModel>(new(await tasks.HandleAsync(null, ct), Title: title, Errors: Error("dueAt", "Must be a date.")), PageResults.FormErrors);
                var time = TimeOnly.TryParse(dueTime, CultureInfo.InvariantCulture, out var t) ? t : new TimeOnly(17, 0);
                due = TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(time, DateTimeKind.Unspecified), zone);
            }
            try
            {
                await manage.CreateAsync(new ManageTasks.Request(Title: title, DueAt: due, Priority: string.IsNullOrEmpty(priority) ? null : priority), ct);
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<MyTasksPage, MyTasksModel>(new(await tasks.HandleAsync(null, ct), Title: title, Errors: e.Errors), PageResults.FormErrors);
            }
            return Results.Redirect($"/tasks?done={Uri.EscapeDataString("Task added.")}");
        });

        ui.MapPost("/tasks/{id:guid}/complete", async (Guid id, [FromForm] string? reopen, ManageTasks manage, CancellationToken ct) =>
        {
            var status = reopen == "1" ? TaskStatuses.Open : TaskStatuses.Completed;
            await manage.UpdateAsync(id, new System.Text.Json.Nodes.JsonObject { ["status"] = status }, null, ct);
            return Results.Redirect($"/tasks?done={Uri.EscapeDataString(status == TaskStatuses.Completed ? "Task completed." : "Task reopened.")}");
        });

        ui.MapGet("/notifications", async (string? cursor, ManageNotifications n, CancellationToken ct) =>
            PageResults.Render<NotificationsPage, Page<NotificationDto>>(await n.ListAsync(null, null, 50, cursor, ct)));

        // Opening a notification marks it read and follows its link.
        ui.MapPost("/notifications/{id:guid}/open", async (Guid id, ManageNotifications n, CancellationToken ct) =>
        {
            var item = await n.MarkReadAsync(id, ct);
            return Results.Redirect(PageResults.SafeReturnUrl(item.Link ?? "/notifications"));
        });

        ui.MapPost("/notifications/read-all", async (ManageNotifications n, CancellationToken ct) =>
        {
            await n.MarkAllReadAsync(ct);
            return Results.Redirect("/notifications");
        });

        // The bell in the top bar: a fragment htmx refreshes every 30 seconds.
        ui.MapGet("/ui/bell", async (ManageNotifications n, CancellationToken ct) =>
            PageResults.Render<NotificationBell, NotificationBellModel>(new((await n.UnreadCountAsync(ct)).Count)));
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };
}
