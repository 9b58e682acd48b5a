using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Activities;
using Rapport.Activities.Features;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Activities;

public class TasksApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Tasks_are_created_assigned_completed_reopened_and_deleted_to_the_trash(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var mia = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Mia Member");
        var contact = await app.AddContactAsync(owner.WorkspaceId);

        var response = await api.PostJsonAsync("/api/v1/tasks", new
        {
            title = "  Send the proposal ", description = "With the 3-year price.", contactId = contact,
            dueAt = "2026-12-01T17:00:00Z", remindAt = "2026-12-01T16:00:00Z", priority = "high",
        });
        var task = await response.ShouldBeAsync(HttpStatusCode.Created);
        var id = task.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tasks/{id}");
        task.GetProperty("title").GetString().ShouldBe("Send the proposal");
        task.GetProperty("assigneeId").GetString().ShouldBe(owner.UserId.ToString()); // defaults to the acting user
        task.GetProperty("status").GetString().ShouldBe("open");
        task.GetProperty("priority").GetString().ShouldBe("high");
        task.GetProperty("completedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        task.GetProperty("dueAt").GetString().ShouldBe("2026-12-01T17:00:00Z");
        var miaTask = await (await api.PostJsonAsync("/api/v1/tasks", new { title = "Call back", assigneeId = mia.UserId })).ShouldBeAsync(HttpStatusCode.Created);
        miaTask.GetProperty("priority").GetString().ShouldBe("normal");

        // Completing stamps completedAt; reopening clears it.
        var get = await api.GetAsync($"/api/v1/tasks/{id}");
        var etag = get.Headers.ETag!.ToString();
        var done = await (await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { status = "completed" }, etag)).ShouldBeAsync(HttpStatusCode.OK);
        done.GetProperty("status").GetString().ShouldBe("completed");
        (done.GetProperty("completedAt").GetDateTime() - app.Clock.GetUtcNow().UtcDateTime).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));
        await (await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { status = "open" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        var reopened = await (await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { status = "open" })).ShouldBeAsync(HttpStatusCode.OK);
        reopened.GetProperty("completedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        reopened.GetProperty("description").GetString().ShouldBe("With the 3-year price.");

        // Reassign, then unassign.
        (await (await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { assigneeId = mia.UserId })).JsonAsync()).GetProperty("assigneeId").GetString().ShouldBe(mia.UserId.ToString());
        (await (await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { assigneeId = (string?)null })).JsonAsync()).GetProperty("assigneeId").ValueKind.ShouldBe(JsonValueKind.Null);

        // Lists filter by contact, assignee and status.
        async Task<int> Count(string query) => (await (await api.GetAsync("/api/v1/tasks" + query)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength();
        (await Count("")).ShouldBe(2);
        (await Count($"?contactId={contact}")).ShouldBe(1);
        (await Count($"?assigneeId={mia.UserId}")).ShouldBe(1);
        (await Count("?status=completed")).ShouldBe(0);
        (await Count("?status=open")).ShouldBe(2);

        // Delete → trash → restore.
        await (await api.DeleteAsync($"/api/v1/tasks/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/tasks/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await api.GetAsync("/api/v1/trash")).JsonAsync()).GetProperty("items").EnumerateArray().Single().GetProperty("title").GetString().ShouldBe("Task: Send the proposal");
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.GetAsync($"/api/v1/tasks/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).JsonAsync();
        audit.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ShouldBe(["restored", "deleted", "updated", "updated", "updated", "updated", "created"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_task_input_is_a_400_naming_the_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var gone = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Gone Member");
        await (await api.PatchJsonAsync($"/api/v1/users/{gone.UserId}", new { active = false })).ShouldBeAsync(HttpStatusCode.OK);

        async Task<List<string>> Fields(HttpResponseMessage r) =>
            (await r.ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        (await Fields(await api.PostJsonAsync("/api/v1/tasks", new { title = "", priority = "urgent", status = "doing" }))).ShouldBe(["priority", "status", "title"]);
        (await Fields(await api.PostJsonAsync("/api/v1/tasks", new { title = "x", assigneeId = gone.UserId }))).ShouldBe(["assigneeId"]);
        (await Fields(await api.PostJsonAsync("/api/v1/tasks", new { title = "x", assigneeId = Guid.NewGuid() }))).ShouldBe(["assigneeId"]);
        (await Fields(await api.SendRawAsync(HttpMethod.Post, "/api/v1/tasks", "{\"title\":\"x\",\"dueAt\":\"tomorrow\"}"))).ShouldBe(["dueAt"]);
        await (await api.PostJsonAsync("/api/v1/tasks", new { title = "x", accountId = Guid.NewGuid() })).ShouldBeAsync(HttpStatusCode.NotFound);

        var id = await api.PostJsonAsync("/api/v1/tasks", new { title = "Fine" }).IdOf();
        (await Fields(await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { completedAt = "2026-01-01T00:00:00Z", remindedAt = (string?)null }))).ShouldBe(["completedAt", "remindedAt"]);
        (await Fields(await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { title = (string?)null }))).ShouldBe(["title"]);
        (await Fields(await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { priority = new[] { "high" } }))).ShouldBe(["priority"]);
        (await Fields(await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { assigneeId = gone.UserId }))).ShouldBe(["assigneeId"]);
        (await Fields(await api.GetAsync("/api/v1/tasks?status=doing"))).ShouldBe(["status"]);
        (await Fields(await api.GetAsync("/api/v1/tasks/mine?limit=0"))).ShouldBe(["limit"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task My_tasks_are_bucketed_by_the_workspaces_time_zone(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var mia = await app.AddMemberAsync(api, owner.WorkspaceId, "sales");
        // Auckland is 12-13 hours ahead of UTC: its "today" straddles two UTC dates.
        await (await api.PatchJsonAsync("/api/v1/workspace", new { timeZone = "Pacific/Auckland" })).ShouldBeAsync(HttpStatusCode.OK);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var realNow = TimeProvider.System.GetUtcNow().UtcDateTime;
        var today = TimeZoneInfo.ConvertTimeFromUtc(realNow, zone).Date.AddDays(1);
        DateTime Local(int days, int hour, int minute = 0) => TimeZoneInfo.ConvertTimeToUtc(today.AddDays(days).AddHours(hour).AddMinutes(minute), zone);
        app.Clock.Offset = Local(0, 12) - realNow; // it is noon in Auckland

        async Task Add(string title, DateTime? dueAt, Guid? assignee = null, string status = "open") =>
            await (await api.PostJsonAsync("/api/v1/tasks", new { title, dueAt, assigneeId = assignee ?? owner.UserId, status })).ShouldBeAsync(HttpStatusCode.Created);
        await Add("overdue yesterday", Local(-1, 16));
        await Add("overdue this morning", Local(0, 11));
        await Add("today evening", Local(0, 20));
        await Add("today late", Local(0, 23, 30));
        await Add("tomorrow just after midnight", Local(1, 0, 30));
        await Add("next week", Local(7, 9));
        await Add("someday", null);
        await Add("done already", Local(0, 10), status: "completed");
        await Add("mia's", Local(0, 13), mia.UserId);

        var mine = await (await api.GetAsync("/api/v1/tasks/mine")).ShouldBeAsync(HttpStatusCode.OK);
        List<string> Titles(string bucket) => mine.GetProperty(bucket).EnumerateArray().Select(t => t.GetProperty("title").GetString()!).ToList();
        Titles("overdue").ShouldBe(["overdue yesterday", "overdue this morning"]);
        Titles("today").ShouldBe(["today evening", "today late"]);
        Titles("upcoming").ShouldBe(["tomorrow just after midnight", "next week"]);
        Titles("noDueDate").ShouldBe(["someday"]);
        mine.GetProperty("timeZone").GetString().ShouldBe("Pacific/Auckland");
        mine.GetProperty("todayEndsAt").GetDateTime().ShouldBe(Local(1, 0));
        var counts = mine.GetProperty("counts");
        (counts.GetProperty("overdue").GetInt32(), counts.GetProperty("today").GetInt32(), counts.GetProperty("upcoming").GetInt32(), counts.GetProperty("noDueDate").GetInt32())
            .ShouldBe((2, 2, 2, 1));
        var limited = await (await api.GetAsync("/api/v1/tasks/mine?limit=1")).JsonAsync();
        limited.GetProperty("overdue").GetArrayLength().ShouldBe(1);
        limited.GetProperty("counts").GetProperty("overdue").GetInt32().ShouldBe(2);

        using var miaApi = app.ApiClient(mia.ApiKey);
        var hers = await (await miaApi.GetAsync("/api/v1/tasks/mine")).JsonAsync();
        hers.GetProperty("overdue").GetArrayLength().ShouldBe(0);
        hers.GetProperty("today").EnumerateArray().Single().GetProperty("title").GetString().ShouldBe("mia's");

        // At 21:00 "today evening" is overdue and "today late" still today; just after midnight a new day begins.
        app.Clock.Advance(TimeSpan.FromHours(9));
        var later = await (await api.GetAsync("/api/v1/tasks/mine")).JsonAsync();
        later.GetProperty("overdue").EnumerateArray().Select(t => t.GetProperty("title").GetString()).ShouldContain("today evening");
        later.GetProperty("today").EnumerateArray().Select(t => t.GetProperty("title").GetString()!).ToList().ShouldBe(["today late"]);
        app.Clock.Advance(TimeSpan.FromHours(3));
        var tomorrow = await (await api.GetAsync("/api/v1/tasks/mine")).JsonAsync();
        tomorrow.GetProperty("today").EnumerateArray().Select(t => t.GetProperty("title").GetString()!).ToList().ShouldBe(["tomorrow just after midnight"]);
        tomorrow.GetProperty("todayEndsAt").GetDateTime().ShouldBe(Local(2, 0));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_due_reminder_becomes_one_notification_for_the_assignee_at_its_time(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Reminders:Enabled"] = "false" });
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var mia = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Mia Member");
        using var miaApi = app.ApiClient(mia.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var reminders = app.Services.GetRequiredService<SendTaskReminders>();
        var now = app.Clock.GetUtcNow().UtcDateTime;

        var id = await api.PostJsonAsync("/api/v1/tasks", new { title = "Call Grace", contactId = contact, assigneeId = mia.UserId, dueAt = now.AddHours(2), remindAt = now.AddHours(1) }).IdOf();
        var done = await api.PostJsonAsync("/api/v1/tasks", new { title = "Already done", assigneeId = mia.UserId, remindAt = now.AddMinutes(30) }).IdOf();
        await (await api.PatchJsonAsync($"/api/v1/tasks/{done}", new { status = "completed" })).ShouldBeAsync(HttpStatusCode.OK);
        var deleted = await api.PostJsonAsync("/api/v1/tasks", new { title = "Deleted", assigneeId = mia.UserId, remindAt = now.AddMinutes(30) }).IdOf();
        await (await api.DeleteAsync($"/api/v1/tasks/{deleted}")).ShouldBeAsync(HttpStatusCode.NoContent);

        (await reminders.RunOnceAsync()).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        (await reminders.RunOnceAsync()).ShouldBe(0);
        (await (await miaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(0);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await reminders.RunOnceAsync()).ShouldBe(1);
        (await reminders.RunOnceAsync()).ShouldBe(0);
        var n = (await (await miaApi.GetAsync("/api/v1/notifications")).JsonAsync()).GetProperty("items").EnumerateArray().Single();
        n.GetProperty("kind").GetString().ShouldBe(NotificationKinds.TaskReminder);
        n.GetProperty("title").GetString().ShouldBe("Reminder: Call Grace");
        n.GetProperty("body").GetString()!.ShouldStartWith("Due ");
        n.GetProperty("link").GetString().ShouldBe($"/contacts/{contact}");
        n.GetProperty("recordId").GetString().ShouldBe(id);
        var task = await (await api.GetAsync($"/api/v1/tasks/{id}")).JsonAsync();
        task.GetProperty("remindedAt").ValueKind.ShouldBe(JsonValueKind.String);

        // Moving the reminder re-arms it.
        var moved = await (await api.PatchJsonAsync($"/api/v1/tasks/{id}", new { remindAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10) })).JsonAsync();
        moved.GetProperty("remindedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await reminders.RunOnceAsync()).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        (await reminders.RunOnceAsync()).ShouldBe(1);
        (await (await miaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(2);

        // A deactivated assignee's reminder is used up without a notification.
        var gone = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Gone Member");
        await api.PostJsonAsync("/api/v1/tasks", new { title = "Orphan", assigneeId = gone.UserId, remindAt = app.Clock.GetUtcNow().UtcDateTime }).IdOf();
        await (await api.PatchJsonAsync($"/api/v1/users/{gone.UserId}", new { active = false })).ShouldBeAsync(HttpStatusCode.OK);
        (await reminders.RunOnceAsync()).ShouldBe(0);
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            (await db.Tasks.CountAsync(t => t.RemindAt != null && t.RemindedAt == null && t.Status == "open")).ShouldBe(0);
            (await db.Notifications.CountAsync()).ShouldBe(2);
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_sending_reminders_at_once_send_each_exactly_once(DatabaseProvider provider)
    {
        var settings = new Dictionary<string, string?> { ["Reminders:Enabled"] = "false" };
        await using var app = new RapportApp(provider, settings);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 12; i++)
            await api.PostJsonAsync("/api/v1/tasks", new { title = $"Task {i}", remindAt = now.AddMinutes(i % 3) }).IdOf();
        await using var second = new RapportApp(app.Database, settings);
        using var _ = second.CreateClient();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        second.Clock.Offset = app.Clock.Offset;

        var a = app.Services.GetRequiredService<SendTaskReminders>();
        var b = second.Services.GetRequiredService<SendTaskReminders>();
        var sent = await Task.WhenAll(a.RunOnceAsync(), b.RunOnceAsync(), a.RunOnceAsync(), b.RunOnceAsync());
        sent.Sum().ShouldBe(12);
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            (await db.Notifications.CountAsync(n => n.UserId == owner.UserId && n.Kind == NotificationKinds.TaskReminder)).ShouldBe(12);
            (await db.Notifications.Select(n => n.RecordId).Distinct().CountAsync()).ShouldBe(12);
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_task_is_in_sight_of_its_assignee_even_on_a_record_out_of_sight(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var north = await api.PostJsonAsync("/api/v1/teams", new { name = "North" }).IdOf();
        var south = await api.PostJsonAsync("/api/v1/teams", new { name = "South" }).IdOf();
        var ana = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", north, "Ana North");
        var sid = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", south, "Sid South");
        var sue = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", south, "Sue South");
        var anasContact = await app.AddContactAsync(owner.WorkspaceId, "Nora", "North", ana.UserId);
        using var sidApi = app.ApiClient(sid.ApiKey);
        using var sueApi = app.ApiClient(sue.ApiKey);

        var id = await api.PostJsonAsync("/api/v1/tasks", new { title = "Cover for Ana", contactId = anasContact, assigneeId = sid.UserId }).IdOf();
        await (await sidApi.GetAsync($"/api/v1/tasks/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        (await (await sidApi.GetAsync("/api/v1/tasks/mine")).JsonAsync()).GetProperty("noDueDate").GetArrayLength().ShouldBe(1);
        (await (await sidApi.GetAsync("/api/v1/tasks")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await sidApi.PatchJsonAsync($"/api/v1/tasks/{id}", new { status = "completed" })).ShouldBeAsync(HttpStatusCode.OK);
        await (await sueApi.GetAsync($"/api/v1/tasks/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await sueApi.GetAsync("/api/v1/tasks")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await sueApi.PostJsonAsync("/api/v1/tasks", new { title = "Snoop", contactId = anasContact })).ShouldBeAsync(HttpStatusCode.NotFound);
    }
}
