using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Platform;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Sales;
using Shouldly;

namespace Rapport.Tests.Activities;

/// <summary>Notes, tasks and interactions on any record (issue #12): targets on deals and leads.</summary>
public class ActivityTargetsTests
{
    private static IEnumerable<(string Type, string Id)> Targets(JsonElement e) =>
        e.GetProperty("targets").EnumerateArray().Select(t => (t.Str("type"), t.Str("id")));

    private static List<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.Str("id")).ToList();

    [Theory, SqliteData, PostgresData]
    public async Task Notes_and_tasks_target_a_deal_and_a_lead_and_show_on_their_timelines(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await api.AddPipelineAsync();
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var deal = (await api.AddDealAsync(new { name = "Big deal" })).Str("id");
        var lead = (await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Lead", company = "Acme" })).ShouldBeAsync(HttpStatusCode.Created)).Str("id");

        // One note about a contact and a deal at once; contactId keeps working beside targets.
        var note = await (await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = "Deal note", targets = new[] { new { type = "deal", id = deal } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        note.Str("contactId").ShouldBe(contact.ToString());
        Targets(note).ShouldBe([("contact", contact.ToString()), ("deal", deal)]);
        var task = await (await api.PostJsonAsync("/api/v1/tasks", new { title = "Send the proposal", targets = new[] { new { type = "deal", id = deal } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        Targets(task).ShouldBe([("deal", deal)]);
        var leadNote = await (await api.PostJsonAsync("/api/v1/notes", new { body = "Lead note", targets = new[] { new { type = "lead", id = lead } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        leadNote.GetProperty("contactId").ValueKind.ShouldBe(JsonValueKind.Null);
        var leadTask = await (await api.PostJsonAsync("/api/v1/tasks", new { title = "Call the lead", targets = new[] { new { type = "lead", id = lead } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var call = await (await api.PostJsonAsync("/api/v1/interactions", new { channel = "call", direction = "outbound", subject = "Intro call", targets = new[] { new { type = "lead", id = lead } } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        Targets(call).ShouldBe([("lead", lead)]);

        // Read back, list filters.
        Targets(await (await api.GetAsync($"/api/v1/notes/{note.Str("id")}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe([("contact", contact.ToString()), ("deal", deal)]);
        Ids(await (await api.GetAsync($"/api/v1/notes?targetType=deal&targetId={deal}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe([note.Str("id")]);
        Ids(await (await api.GetAsync($"/api/v1/notes?targetType=lead&targetId={lead}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe([leadNote.Str("id")]);
        Ids(await (await api.GetAsync($"/api/v1/notes?targetType=contact&targetId={contact}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe([note.Str("id")]);
        Ids(await (await api.GetAsync($"/api/v1/tasks?targetType=deal&targetId={deal}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe([task.Str("id")]);
        Ids(await (await api.GetAsync($"/api/v1/interactions?targetType=lead&targetId={lead}")).ShouldBeAsync(HttpStatusCode.OK)).ShouldBe([call.Str("id")]);

        // Timelines.
        var dealTimeline = await (await api.GetAsync($"/api/v1/deals/{deal}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        var dealItems = dealTimeline.GetProperty("items").EnumerateArray().Select(i => (i.Str("type"), i.Str("id"))).ToList();
        dealItems.ShouldContain(("note", note.Str("id")));
        dealItems.ShouldContain(("task", task.Str("id")));
        dealItems.ShouldNotContain(("note", leadNote.Str("id")));
        var leadTimeline = await (await api.GetAsync($"/api/v1/leads/{lead}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        var leadItems = (leadTimeline.ValueKind == JsonValueKind.Array ? leadTimeline : leadTimeline.GetProperty("items")).EnumerateArray().Select(i => (i.Str("type"), i.Str("id"))).ToList();
        leadItems.ShouldContain(("note", leadNote.Str("id")));
        leadItems.ShouldContain(("task", leadTask.Str("id")));
        leadItems.ShouldContain(("interaction", call.Str("id")));
        leadItems.ShouldNotContain(("note", note.Str("id")));

        // Patch: targets replace the record's targets; without targets they stay.
        var get = await api.GetAsync($"/api/v1/notes/{leadNote.Str("id")}");
        var patched = await (await api.PatchJsonAsync($"/api/v1/notes/{leadNote.Str("id")}", new { body = "Still the lead" }, get.Headers.ETag!.ToString())).ShouldBeAsync(HttpStatusCode.OK);
        Targets(patched).ShouldBe([("lead", lead)]);
        patched = await (await api.PatchJsonAsync($"/api/v1/notes/{leadNote.Str("id")}", new { targets = new object[] { new { type = "lead", id = lead }, new { type = "deal", id = deal } } })).ShouldBeAsync(HttpStatusCode.OK);
        Targets(patched).ShouldBe([("lead", lead), ("deal", deal)]);
        Ids(await (await api.GetAsync($"/api/v1/notes?targetType=deal&targetId={deal}")).JsonAsync()).Count.ShouldBe(2);
    }

    private static List<(string, string)> TimelineItems(JsonElement timeline) =>
        (timeline.ValueKind == JsonValueKind.Array ? timeline : timeline.GetProperty("items")).EnumerateArray().Select(i => (i.Str("type"), i.Str("id"))).ToList();

    [Theory, SqliteData, PostgresData]
    public async Task A_converted_leads_notes_tasks_and_interactions_follow_it_to_the_contact_and_the_account(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var lead = (await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Lovelace", company = "Analytical Engines" })).ShouldBeAsync(HttpStatusCode.Created)).Str("id");
        var target = new[] { new { type = "lead", id = lead } };
        var note = (await (await api.PostJsonAsync("/api/v1/notes", new { body = "Met at the fair", targets = target })).ShouldBeAsync(HttpStatusCode.Created)).Str("id");
        var task = (await (await api.PostJsonAsync("/api/v1/tasks", new { title = "Call back", targets = target })).ShouldBeAsync(HttpStatusCode.Created)).Str("id");
        var call = (await (await api.PostJsonAsync("/api/v1/interactions", new { channel = "call", direction = "outbound", subject = "Intro", targets = target }))
            .ShouldBeAsync(HttpStatusCode.Created)).Str("id");

        var converted = await (await api.PostJsonAsync($"/api/v1/leads/{lead}/convert", new { })).ShouldBeAsync(HttpStatusCode.OK);
        var contact = converted.Str("contactId");
        var account = converted.Str("accountId");

        var n = await (await api.GetAsync($"/api/v1/notes/{note}")).ShouldBeAsync(HttpStatusCode.OK);
        Targets(n).ShouldBe([("contact", contact), ("account", account), ("lead", lead)]);
        (await (await api.GetAsync($"/api/v1/tasks/{task}")).ShouldBeAsync(HttpStatusCode.OK)).Str("contactId").ShouldBe(contact);
        (await (await api.GetAsync($"/api/v1/interactions/{call}")).ShouldBeAsync(HttpStatusCode.OK)).Str("accountId").ShouldBe(account);

        var onContact = TimelineItems(await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline")).ShouldBeAsync(HttpStatusCode.OK));
        onContact.ShouldContain(("note", note));
        onContact.ShouldContain(("task", task));
        onContact.ShouldContain(("interaction", call));
        var onLead = TimelineItems(await (await api.GetAsync($"/api/v1/leads/{lead}/timeline")).ShouldBeAsync(HttpStatusCode.OK));
        onLead.ShouldContain(("note", note));
        onLead.ShouldContain(("task", task));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Purging_an_activity_or_its_target_from_the_trash_removes_the_target_rows(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await api.AddPipelineAsync();
        var deal = (await api.AddDealAsync(new { name = "Purged deal" })).Str("id");
        var kept = (await api.AddDealAsync(new { name = "Kept deal" })).Str("id");
        var note = (await (await api.PostJsonAsync("/api/v1/notes", new { body = "Purged note", targets = new[] { new { type = "deal", id = kept } } }))
            .ShouldBeAsync(HttpStatusCode.Created)).Str("id");
        var task = (await (await api.PostJsonAsync("/api/v1/tasks", new { title = "Kept task", targets = new[] { new { type = "deal", id = kept }, new { type = "deal", id = deal } } }))
            .ShouldBeAsync(HttpStatusCode.Created)).Str("id");
        await (await api.DeleteAsync($"/api/v1/notes/{note}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.DeleteAsync($"/api/v1/deals/{deal}")).ShouldBeAsync(HttpStatusCode.NoContent);

        app.Clock.Advance(TimeSpan.FromDays(31));
        (await TrashPurgeWorker.PurgeAllAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock, CancellationToken.None)).ShouldBe(2);

        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            (await db.ActivityTargets.CountAsync(t => t.ActivityId == Guid.Parse(note))).ShouldBe(0);
            var left = await db.ActivityTargets.Where(t => t.ActivityId == Guid.Parse(task)).Select(t => t.TargetId).ToListAsync();
            left.ShouldBe([Guid.Parse(kept)]);
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_unknown_foreign_and_hidden_targets_are_refused(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var owner = await app.SignUpAsync("A");
        var other = await app.SignUpAsync("B");
        using var api = app.ApiClient(owner.ApiKey);
        using var apiB = app.ApiClient(other.ApiKey);
        await api.AddPipelineAsync();
        await apiB.AddPipelineAsync();
        var dealB = (await apiB.AddDealAsync(new { name = "B's deal" })).Str("id");

        // Another workspace's deal, a deal that does not exist: 404.
        await (await api.PostJsonAsync("/api/v1/notes", new { body = "x", targets = new[] { new { type = "deal", id = dealB } } })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.PostJsonAsync("/api/v1/tasks", new { title = "x", targets = new[] { new { type = "deal", id = Guid.NewGuid().ToString() } } })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/notes?targetType=deal&targetId={dealB}")).ShouldBeAsync(HttpStatusCode.NotFound);

        // An unknown type, a missing half of the filter: 400 problem+json.
        var bad = await api.PostJsonAsync("/api/v1/notes", new { body = "x", targets = new[] { new { type = "spaceship", id = dealB } } });
        (await bad.ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("targets[0].type", out _).ShouldBeTrue();
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var badFilter = await api.GetAsync($"/api/v1/notes?targetType=spaceship&targetId={dealB}");
        (await badFilter.ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("targetType", out _).ShouldBeTrue();
        badFilter.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        await (await api.GetAsync("/api/v1/notes?targetType=deal")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync($"/api/v1/tasks?targetId={dealB}")).ShouldBeAsync(HttpStatusCode.BadRequest);

        // A deal out of sight (a sales rep sees their own deals): 404 to link, and its activities are hidden.
        var rep = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Rita Rep");
        using var repApi = app.ApiClient(rep.ApiKey);
        var mine = (await api.AddDealAsync(new { name = "Owner's deal" })).Str("id");
        var note = await api.PostJsonAsync("/api/v1/notes", new { body = "Owner's note", targets = new[] { new { type = "deal", id = mine } } }).IdOf();
        await (await repApi.PostJsonAsync("/api/v1/notes", new { body = "Rep's note", targets = new[] { new { type = "deal", id = mine } } })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await repApi.GetAsync($"/api/v1/notes/{note}")).ShouldBeAsync(HttpStatusCode.NotFound);
        Ids(await (await repApi.GetAsync("/api/v1/notes")).ShouldBeAsync(HttpStatusCode.OK)).ShouldNotContain(note);
        Ids(await (await api.GetAsync("/api/v1/notes")).ShouldBeAsync(HttpStatusCode.OK)).ShouldContain(note);
    }
}
