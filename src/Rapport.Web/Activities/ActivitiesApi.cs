using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Activities.Features;
using Rapport.Customers.Timeline;
using Rapport.Web.Http;

namespace Rapport.Web.Activities;

/// <summary>/api/v1: interactions, notes, tasks (and my tasks), notifications, contact and account timelines.</summary>
public static class ActivitiesApi
{
    public static RouteGroupBuilder MapActivitiesApi(this RouteGroupBuilder api)
    {
        var interactions = api.MapGroup("/interactions").WithTags("Interactions");
        interactions.MapGet("", async (Guid? contactId, Guid? accountId, string? channel, string? targetType, Guid? targetId, [AsParameters] Api.ListQuery q, ManageInteractions m, CancellationToken ct) =>
            TypedResults.Ok(await m.ListAsync(contactId, accountId, channel, q.Limit, q.Cursor, ct, targetType, targetId)));
        interactions.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageInteractions m, CancellationToken ct) =>
        {
            var i = await m.GetAsync(id, ct);
            ETags.Set(http, i.Version);
            return TypedResults.Ok(i);
        });
        interactions.MapPost("", async (ManageInteractions.Request body, HttpContext http, ManageInteractions m, CancellationToken ct) =>
        {
            var i = await m.CreateAsync(body, ct);
            ETags.Set(http, i.Version);
            return TypedResults.Created($"/api/v1/interactions/{i.Id}", i);
        });
        interactions.MapPatch("/{id:guid}", async (Guid id, [FromBody] JsonObject patch, HttpContext http, ManageInteractions m, CancellationToken ct) =>
        {
            var i = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, i.Version);
            return TypedResults.Ok(i);
        });
        interactions.MapDelete("/{id:guid}", async (Guid id, ManageInteractions m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var notes = api.MapGroup("/notes").WithTags("Notes");
        notes.MapGet("", async (Guid? contactId, Guid? accountId, string? targetType, Guid? targetId, [AsParameters] Api.ListQuery q, ManageNotes m, CancellationToken ct) =>
            TypedResults.Ok(await m.ListAsync(contactId, accountId, q.Limit, q.Cursor, ct, targetType, targetId)));
        notes.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageNotes m, CancellationToken ct) =>
        {
            var n = await m.GetAsync(id, ct);
            ETags.Set(http, n.Version);
            return TypedResults.Ok(n);
        });
        notes.MapPost("", async (ManageNotes.Request body, HttpContext http, ManageNotes m, CancellationToken ct) =>
        {
            var n = await m.CreateAsync(body, ct);
            ETags.Set(http, n.Version);
            return TypedResults.Created($"/api/v1/notes/{n.Id}", n);
        });
        notes.MapPatch("/{id:guid}", async (Guid id, [FromBody] JsonObject patch, HttpContext http, ManageNotes m, CancellationToken ct) =>
        {
            var n = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, n.Version);
            return TypedResults.Ok(n);
        });
        notes.MapDelete("/{id:guid}", async (Guid id, ManageNotes m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("", async (Guid? contactId, Guid? accountId, Guid? assigneeId, string? status, string? targetType, Guid? targetId, [AsParameters] Api.ListQuery q, ManageTasks m, CancellationToken ct) =>
            TypedResults.Ok(await m.ListAsync(contactId, accountId, assigneeId, status, q.Limit, q.Cursor, ct, targetType, targetId)));
        tasks.MapGet("/mine", async (int? limit, ListMyTasks mine, CancellationToken ct) => TypedResults.Ok(await mine.HandleAsync(limit, ct)));
        tasks.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageTasks m, CancellationToken ct) =>
        {
            var t = await m.GetAsync(id, ct);
            ETags.Set(http, t.Version);
            return TypedResults.Ok(t);
        });
        tasks.MapPost("", async (ManageTasks.Request body, HttpContext http, ManageTasks m, CancellationToken ct) =>
        {
            var t = await m.CreateAsync(body, ct);
            ETags.Set(http, t.Version);
            return TypedResults.Created($"/api/v1/tasks/{t.Id}", t);
        });
        tasks.MapPatch("/{id:guid}", async (Guid id, [FromBody] JsonObject patch, HttpContext http, ManageTasks m, CancellationToken ct) =>
        {
            var t = await m.UpdateAsync(id, patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, t.Version);
            return TypedResults.Ok(t);
        });
        tasks.MapDelete("/{id:guid}", async (Guid id, ManageTasks m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var notifications = api.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("", async (string? sort, bool? unread, [AsParameters] Api.ListQuery q, ManageNotifications m, CancellationToken ct) =>
            TypedResults.Ok(await m.ListAsync(sort, unread, q.Limit, q.Cursor, ct)));
        notifications.MapGet("/unread-count", async (ManageNotifications m, CancellationToken ct) => TypedResults.Ok(await m.UnreadCountAsync(ct)));
        notifications.MapPost("/{id:guid}/read", async (Guid id, ManageNotifications m, CancellationToken ct) => TypedResults.Ok(await m.MarkReadAsync(id, ct)));
        notifications.MapPost("/read-all", async (ManageNotifications m, CancellationToken ct) => TypedResults.Ok(await m.MarkAllReadAsync(ct)));

        api.MapGet("/contacts/{id:guid}/timeline", async (Guid id, [FromQuery(Name = "type")] string[]? types, [AsParameters] Api.ListQuery q, GetTimeline timeline, CancellationToken ct) =>
            TypedResults.Ok(await timeline.ForContactAsync(id, types, q.Limit, q.Cursor, ct))).WithTags("Timeline");
        api.MapGet("/accounts/{id:guid}/timeline", async (Guid id, [FromQuery(Name = "type")] string[]? types, [AsParameters] Api.ListQuery q, GetTimeline timeline, CancellationToken ct) =>
            TypedResults.Ok(await timeline.ForAccountAsync(id, types, q.Limit, q.Cursor, ct))).WithTags("Timeline");
        return api;
    }
}
