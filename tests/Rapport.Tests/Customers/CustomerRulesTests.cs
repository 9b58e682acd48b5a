using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Customers.Features;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Customers;

public class CustomerRulesTests(SharedApps apps) : SharedAppTests(apps)
{
    private static async Task<string> CreateUserAsync(HttpClient api, string name, string role, string? teamId = null)
    {
        var u = await (await api.PostJsonAsync("/api/v1/users", new { email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", name, role, password = "a long enough password", teamId }))
            .ShouldBeAsync(HttpStatusCode.Created);
        return u.GetProperty("id").GetString()!;
    }

    /// <summary>Runs a handler as a given member (a person, not a key).</summary>
    private static async Task<T> AsUserAsync<T>(RapportApp app, Guid workspaceId, string userId, string role, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().Set(workspaceId, role, Guid.Parse(userId));
        return await work(scope.ServiceProvider);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Visibility_follows_the_role_setting_everywhere(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var north = (await (await api.PostJsonAsync("/api/v1/teams", new { name = "North" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var ana = await CreateUserAsync(api, "Ana", "sales", north);
        var ben = await CreateUserAsync(api, "Ben", "sales", north);
        var cy = await CreateUserAsync(api, "Cy", "sales");
        async Task<string> Contact(string name, string? ownerId) =>
            (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = name, ownerId })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var anas = await Contact("AnasContact", ana);
        var bens = await Contact("BensContact", ben);
        var cys = await Contact("CysContact", cy);
        var nobodys = await Contact("Unowned", null);

        async Task<string[]> Visible(string userId) => await AsUserAsync(app, owner.WorkspaceId, userId, "sales", async sp =>
            (await sp.GetRequiredService<ListContacts>().HandleAsync(new ListContacts.Query(200, null, "firstName", []), default)).Items.Select(c => c.FirstName).ToArray());

        // Default for sales: own + team (+ unowned).
        (await Visible(ana)).ShouldBe(["AnasContact", "BensContact", "Unowned"]);
        (await Visible(cy)).ShouldBe(["CysContact", "Unowned"]);
        await Should.ThrowAsync<NotFoundException>(() => AsUserAsync(app, owner.WorkspaceId, cy, "sales", sp => sp.GetRequiredService<GetContact>().HandleAsync(Guid.Parse(anas), default)));
        await Should.ThrowAsync<NotFoundException>(() => AsUserAsync(app, owner.WorkspaceId, cy, "sales", async sp =>
        {
            await sp.GetRequiredService<UpdateContact>().HandleAsync(Guid.Parse(bens), new JsonObject { ["jobTitle"] = "x" }, null, default);
            return 0;
        }));

        // Settings: sales sees only its own records.
        var ws = await (await api.PatchJsonAsync("/api/v1/workspace", new { recordVisibility = new { sales = "own" } })).ShouldBeAsync(HttpStatusCode.OK);
        ws.GetProperty("recordVisibility").GetProperty("sales").GetString().ShouldBe("own");
        ws.GetProperty("recordVisibility").GetProperty("manager").GetString().ShouldBe("all");
        (await Visible(ana)).ShouldBe(["AnasContact", "Unowned"]);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { recordVisibility = new { admin = "own", sales = "everything", emperor = "all" } })).ShouldBeAsync(HttpStatusCode.BadRequest);

        // Owners see all, through the API too.
        var all = await (await api.GetAsync("/api/v1/contacts?limit=200")).ShouldBeAsync(HttpStatusCode.OK);
        all.GetProperty("items").GetArrayLength().ShouldBe(4);
        _ = cys; _ = nobodys;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Saved_views_are_private_or_shared(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var ana = await CreateUserAsync(api, "Ana", "sales");
        var mine = await (await api.PostJsonAsync("/api/v1/saved-views", new { entity = "contact", name = "VIPs", query = "?tag=vip&sort=lastName&cursor=abc", columns = new[] { "email", "customFields.plan" } }))
            .ShouldBeAsync(HttpStatusCode.Created);
        mine.GetProperty("query").GetString().ShouldBe("tag=vip&sort=lastName");
        await (await api.PostJsonAsync("/api/v1/saved-views", new { entity = "contact", name = "Team pipeline", shared = true, query = "lifecycleStage=purchase" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/saved-views", new { entity = "deal", name = "x", query = "" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        var anaSees = await AsUserAsync(app, owner.WorkspaceId, ana, "sales", sp => sp.GetRequiredService<ManageSavedViews>().ListAsync("contact", default));
        anaSees.Select(v => v.Name).ShouldBe(["Team pipeline"]);
        var shared = anaSees[0].Id;
        await Should.ThrowAsync<ForbiddenException>(() => AsUserAsync(app, owner.WorkspaceId, ana, "sales", async sp =>
        {
            await sp.GetRequiredService<ManageSavedViews>().DeleteAsync(shared, default);
            return 0;
        }));
        await Should.ThrowAsync<NotFoundException>(() => AsUserAsync(app, owner.WorkspaceId, ana, "sales", sp =>
            sp.GetRequiredService<ManageSavedViews>().GetAsync(Guid.Parse(mine.GetProperty("id").GetString()!), default)));
        var list = await (await api.GetAsync("/api/v1/saved-views?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bulk_actions_tag_assign_and_delete_only_visible_records(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var ana = await CreateUserAsync(api, "Ana", "sales");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = $"C{i}" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        var stranger = Guid.NewGuid().ToString();
        var tagged = await (await api.PostJsonAsync("/api/v1/contacts/bulk", new { ids = ids.Append(stranger), action = "tag", tag = "vip" })).ShouldBeAsync(HttpStatusCode.OK);
        tagged.GetProperty("updated").GetInt32().ShouldBe(3);
        tagged.GetProperty("notFound")[0].GetString().ShouldBe(stranger);
        (await (await api.GetAsync("/api/v1/contacts?tag=vip")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(3);
        await (await api.PostJsonAsync("/api/v1/contacts/bulk", new { ids, action = "assign", ownerId = ana })).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync($"/api/v1/contacts?ownerId={ana}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(3);
        await (await api.PostJsonAsync("/api/v1/contacts/bulk", new { ids, action = "explode" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/contacts/bulk", new { ids, action = "assign", ownerId = Guid.NewGuid() })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/contacts/bulk", new { ids = ids.Take(2), action = "delete" })).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync("/api/v1/contacts")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trash.GetProperty("items").EnumerateArray().Count(t => t.GetProperty("entityType").GetString() == "contact").ShouldBe(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Export_streams_csv_with_the_list_filters_and_escapes_formulas(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "plan", label = "Plan", type = "text" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "=HYPERLINK(\"x\")", lastName = "O'Neil, Jr.", tags = new[] { "vip" }, customFields = new { plan = "Pro" } })).ShouldBeAsync(HttpStatusCode.Created);
        for (var i = 0; i < 250; i++)
            await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = $"Bulk{i}", tags = new[] { "bulk" } })).ShouldBeAsync(HttpStatusCode.Created);
        var vip = await api.GetAsync("/api/v1/contacts/export?format=csv&tag=vip");
        vip.StatusCode.ShouldBe(HttpStatusCode.OK);
        vip.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var text = await vip.Content.ReadAsStringAsync();
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[0].ShouldStartWith("id,firstName,lastName,email");
        lines[0].ShouldEndWith("customFields.plan");
        lines[1].ShouldContain("\"'=HYPERLINK(\"\"x\"\")\",\"O'Neil, Jr.\"");
        lines[1].ShouldEndWith(",Pro");
        var bulk = await (await api.GetAsync("/api/v1/contacts/export?tag=bulk")).Content.ReadAsStringAsync();
        bulk.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(251);
        await (await api.GetAsync("/api/v1/contacts/export?format=pdf")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/contacts/export?lifecycleStage=lost")).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Erasure_anonymizes_the_person_everywhere_and_keeps_aggregates(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var c = await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Grace", lastName = "Hopper", email = "grace@navy.mil", phone = "+1 415 555 0199", jobTitle = "Rear Admiral" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var id = c.GetProperty("id").GetString()!;
        await (await api.PatchJsonAsync($"/api/v1/contacts/{id}", new { jobTitle = "Commodore", lifecycleStage = "retention", consent = new { email = new { status = "granted", source = "conference Grace attended" } } }))
            .ShouldBeAsync(HttpStatusCode.OK);
        // An undelivered event that carries her name (as a later module might publish).
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            db.Publish(new TestGreeting(id, "Hello Grace Hopper", "grace@navy.mil"));
            await db.SaveChangesAsync();
            return 0;
        });

        var export = await (await api.GetAsync($"/api/v1/contacts/{id}/export")).ShouldBeAsync(HttpStatusCode.OK);
        export.GetProperty("contact").GetProperty("email").GetString().ShouldBe("grace@navy.mil");
        export.GetProperty("consentLedger").GetArrayLength().ShouldBe(1);
        export.GetProperty("lifecycleStageHistory").GetArrayLength().ShouldBe(2);

        await (await api.PostAsync($"/api/v1/contacts/{id}/erase", null)).ShouldBeAsync(HttpStatusCode.OK);
        var after = await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("firstName").GetString().ShouldBe("Erased contact");
        after.GetProperty("email").ValueKind.ShouldBe(JsonValueKind.Null);
        after.GetProperty("lifecycleStage").GetString().ShouldBe("retention");

        var leaks = await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var texts = new List<string>();
            texts.AddRange(await db.AuditLog.Where(a => a.Changes != null).Select(a => a.Changes!).ToListAsync());
            texts.AddRange(await db.OutboxMessages.Where(m => m.ProcessedAt == null).Select(m => m.Payload).ToListAsync());
            texts.AddRange(await db.ConsentEvents.Where(e => e.Source != null).Select(e => e.Source!).ToListAsync());
            return texts.Where(t => t.Contains("Grace") || t.Contains("Hopper") || t.Contains("navy.mil") || t.Contains("4155550199") || t.Contains("Admiral") || t.Contains("Commodore")).ToList();
        });
        leaks.ShouldBeEmpty();
        var history = await (await api.GetAsync($"/api/v1/contacts/{id}/history")).ShouldBeAsync(HttpStatusCode.OK);
        history.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("action").GetString() == "erased").ShouldBe(1);
    }

    /// <summary>An event a later module might publish, carrying a person's data.</summary>
    private sealed record TestGreeting(string ContactId, string Text, string To) : Rapport.Platform.Outbox.IEvent
    {
        public static string EventName => "test.greeting";
    }
}
