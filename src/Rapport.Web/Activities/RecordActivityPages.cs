using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Rapport.Activities;
using Rapport.Activities.Features;
using Rapport.Common;
using Rapport.Platform.Features;

namespace Rapport.Web.Activities;

/// <summary>
/// The "Notes &amp; tasks" forms of a record page other than a contact's or an account's (a deal's, a lead's):
/// POST {path}/{id}/notes and {path}/{id}/tasks create the activity through Activities' handlers with the record as
/// its target, then go back to the page (<c>?done=</c>, or <c>?error=</c> with what was wrong);
/// POST {path}/{id}/tasks/{taskId}/complete completes one of the record's open tasks through ManageTasks.
/// </summary>
public static class RecordActivityPages
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> TypesByPath = new(StringComparer.Ordinal);

    /// <summary>The record type whose pages live under <paramref name="path"/> ("/deals" → "deal"), as mapped here.</summary>
    public static string? RecordTypeOf(string path) => TypesByPath.GetValueOrDefault(path);

    public static void MapRecordActivities(this RouteGroupBuilder ui, string path, string recordType)
    {
        TypesByPath[path] = recordType;

        ui.MapPost(path + "/{id:guid}/tasks/{taskId:guid}/complete", async (Guid id, Guid taskId, ManageTasks tasks, CancellationToken ct) =>
        {
            try
            {
                var t = await tasks.UpdateAsync(taskId, new System.Text.Json.Nodes.JsonObject { ["status"] = TaskStatuses.Completed }, null, ct);
                return Results.Redirect($"{path}/{id}?done={Uri.EscapeDataString($"Task “{t.Title}” completed.")}");
            }
            catch (ValidationFailedException e) { return Results.Redirect($"{path}/{id}?error={Uri.EscapeDataString(Message(e))}"); }
        });

        ui.MapPost(path + "/{id:guid}/notes", async (Guid id, [FromForm] string? body, ManageNotes notes, CancellationToken ct) =>
        {
            try
            {
                await notes.CreateAsync(new ManageNotes.Request(Body: body, Targets: [new TargetRef(recordType, id)]), ct);
                return Results.Redirect($"{path}/{id}?done={Uri.EscapeDataString("Note added.")}");
            }
            catch (ValidationFailedException e) { return Results.Redirect($"{path}/{id}?error={Uri.EscapeDataString(Message(e))}"); }
        });

        ui.MapPost(path + "/{id:guid}/tasks", async (Guid id, [FromForm] string? title, [FromForm] string? dueDate, ManageTasks tasks, GetWorkspace workspace, CancellationToken ct) =>
        {
            try
            {
                DateTime? due = null;
                if (!string.IsNullOrWhiteSpace(dueDate))
                {
                    if (!DateOnly.TryParseExact(dueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                        throw new ValidationFailedException("dueAt", "Must be a date.");
                    var zone = Times.Zone((await workspace.HandleAsync(ct)).TimeZone);
                    due = TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(new TimeOnly(17, 0), DateTimeKind.Unspecified), zone);
                }
                await tasks.CreateAsync(new ManageTasks.Request(Title: title, DueAt: due, Targets: [new TargetRef(recordType, id)]), ct);
                return Results.Redirect($"{path}/{id}?done={Uri.EscapeDataString("Task added.")}");
            }
            catch (ValidationFailedException e) { return Results.Redirect($"{path}/{id}?error={Uri.EscapeDataString(Message(e))}"); }
        });
    }

    private static string Message(ValidationFailedException e) => string.Join(" ", e.Errors.SelectMany(x => x.Value));
}
