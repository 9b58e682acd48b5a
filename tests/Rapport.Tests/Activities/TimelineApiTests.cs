using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Timeline;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;
using Rapport.Records;

namespace Rapport.Tests.Activities;

public class TimelineApiTests(SharedApps apps) : SharedAppTests(apps)
{
    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient api, string url, int limit)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        var sep = url.Contains('?') ? '&' : '?';
        do
        {
            var page = await (await api.GetAsync($"{url}{sep}limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"))).ShouldBeAsync(HttpStatusCode.OK);
            var batch = page.GetProperty("items").EnumerateArray().ToList();
            batch.Count.ShouldBeLessThanOrEqualTo(limit);
            items.AddRange(batch);
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return items;
    }

    private static string Key(JsonElement item) => $"{item.GetProperty("type").GetString()}:{item.GetProperty("id").GetString()}";

    [Theory, SqliteData, PostgresData]
    public async Task A_contacts_timeline_merges_every_kind_newest_first_in_pages_and_filters_by_type(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId, "Ada", "Lovelace");
        var other = await app.AddContactAsync(owner.WorkspaceId, "Someone", "Else");
        var at = app.Clock.GetUtcNow().UtcDateTime;

        var i1 = await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "call", direction = "outbound", occurredAt = at.AddHours(-5), subject = "First call" }).IdOf();
        var i2 = await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "email", direction = "inbound", occurredAt = at.AddHours(-1), subject = "Re: pricing" }).IdOf();
        var n1 = await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = "Likes **short** e-mails." }).IdOf();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var t1 = await api.PostJsonAsync("/api/v1/tasks", new { contactId = contact, title = "Send deck" }).IdOf();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var t2 = await api.PostJsonAsync("/api/v1/tasks", new { contactId = contact, title = "Book demo" }).IdOf();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await app.ChangeContactAsync(owner.WorkspaceId, contact, c => c.FirstName = "Augusta", newStage: "consideration");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await api.PatchJsonAsync($"/api/v1/tasks/{t2}", new { status = "completed" })).ShouldBeAsync(HttpStatusCode.OK); // now at its completion time
        var i3 = await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "meeting", direction = "outbound", occurredAt = at.AddDays(1), subject = "Demo" }).IdOf();
        await api.PostJsonAsync("/api/v1/notes", new { contactId = other, body = "Not Ada's" }).IdOf();

        var all = await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        all.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        var items = all.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("type").GetString()).ShouldBe(["interaction", "task", "fieldChange", "stageChange", "task", "note", "interaction", "interaction"]);
        items.Select(i => i.GetProperty("id").GetString()!).Where((_, n) => n is 0 or 1 or 4 or 5 or 6 or 7).ToList().ShouldBe([i3, t2, t1, n1, i2, i1]);
        items.Select(i => i.GetProperty("occurredAt").GetDateTime()).ShouldBeInOrder(SortDirection.Descending);

        var field = items[2];
        field.GetProperty("contactId").GetString().ShouldBe(contact.ToString());
        var changes = field.GetProperty("data").GetProperty("changes");
        changes.GetProperty("firstName").GetProperty("old").GetString().ShouldBe("Ada");
        changes.GetProperty("firstName").GetProperty("new").GetString().ShouldBe("Augusta");
        changes.TryGetProperty("updatedAt", out _).ShouldBeFalse();
        items[3].GetProperty("data").GetProperty("fromStage").GetString().ShouldBe("awareness");
        items[3].GetProperty("data").GetProperty("toStage").GetString().ShouldBe("consideration");
        items[0].GetProperty("title").GetString().ShouldBe("Demo");
        items[0].GetProperty("data").GetProperty("channel").GetString().ShouldBe("meeting");
        items[1].GetProperty("data").GetProperty("status").GetString().ShouldBe("completed");
        items[5].GetProperty("body").GetString().ShouldBe("Likes **short** e-mails.");
        items[5].GetProperty("actorUserId").GetString().ShouldBe(owner.UserId.ToString());

        // Pages of 3 (and of 1) give the same sequence, without gaps or repeats.
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline", 3)).Select(Key).ShouldBe(items.Select(Key));
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline", 1)).Select(Key).ShouldBe(items.Select(Key));

        // ?type= (repeatable) keeps only those kinds, paging included.
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline?type=note&type=task", 2)).Select(Key).ShouldBe([$"task:{t2}", $"task:{t1}", $"note:{n1}"]);
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline?type=interaction", 2)).Count.ShouldBe(3);

        // A deleted item leaves the timeline; restored, it is back.
        await (await api.DeleteAsync($"/api/v1/notes/{n1}")).ShouldBeAsync(HttpStatusCode.NoContent);
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline?type=note", 50)).ShouldBeEmpty();
        await (await api.PostAsync($"/api/v1/trash/{n1}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline?type=note", 50)).Count.ShouldBe(1);

        async Task<string> BadField(string query) =>
            (await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline{query}")).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Single().Name;
        (await BadField("?type=ticket")).ShouldBe("type");
        (await BadField("?limit=201")).ShouldBe("limit");
        (await BadField("?limit=0")).ShouldBe("limit");
        (await BadField("?cursor=%%%")).ShouldBe("cursor");
        await (await api.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/timeline")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline?limit=200")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(8);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_accounts_timeline_includes_its_contacts_items_once_and_only_those_in_sight(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var north = await api.PostJsonAsync("/api/v1/teams", new { name = "North" }).IdOf();
        var south = await api.PostJsonAsync("/api/v1/teams", new { name = "South" }).IdOf();
        var ana = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", north, "Ana North");
        var sid = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", south, "Sid South");
        using var sidApi = app.ApiClient(sid.ApiKey);

        var account = await app.AddAccountAsync(owner.WorkspaceId, "Initech");
        var c1 = await app.AddContactAsync(owner.WorkspaceId, "Peter", "Gibbons");
        var c2 = await app.AddContactAsync(owner.WorkspaceId, "Bill", "Lumbergh", ownerId: ana.UserId);
        var c3 = await app.AddContactAsync(owner.WorkspaceId, "Not", "Linked");
        await app.LinkAsync(owner.WorkspaceId, c1, account);
        await app.LinkAsync(owner.WorkspaceId, c2, account, "influencer");

        var expected = new List<string>
        {
            "interaction:" + await api.PostJsonAsync("/api/v1/interactions", new { accountId = account, channel = "directMail", direction = "outbound", subject = "Brochure" }).IdOf(),
            "interaction:" + await api.PostJsonAsync("/api/v1/interactions", new { contactId = c1, accountId = account, channel = "call", direction = "inbound", subject = "Both" }).IdOf(),
            "note:" + await api.PostJsonAsync("/api/v1/notes", new { contactId = c1, body = "Peter's note" }).IdOf(),
        };
        var c2Items = new List<string>
        {
            "task:" + await api.PostJsonAsync("/api/v1/tasks", new { contactId = c2, title = "Bill's task" }).IdOf(),
            // On the account too, but with Bill: whoever cannot open it does not see it on the account's timeline either.
            "interaction:" + await api.PostJsonAsync("/api/v1/interactions", new { contactId = c2, accountId = account, channel = "chat", direction = "inbound" }).IdOf(),
        };
        await app.ChangeContactAsync(owner.WorkspaceId, c2, c => c.JobTitle = "VP", newStage: "purchase");
        await app.ChangeContactAsync(owner.WorkspaceId, c1, c => c.LastName = "G.");
        await api.PostJsonAsync("/api/v1/notes", new { contactId = c3, body = "Elsewhere" }).IdOf();

        var items = await ReadAllAsync(api, $"/api/v1/accounts/{account}/timeline", 2);
        var keys = items.Select(Key).ToList();
        keys.ShouldBeUnique();
        keys.ShouldContain(expected[0]);
        keys.ShouldContain(expected[1]);
        keys.ShouldContain(expected[2]);
        keys.ShouldContain(c2Items[0]);
        keys.ShouldContain(c2Items[1]);
        items.Count(i => i.GetProperty("type").GetString() == "fieldChange").ShouldBe(2);
        items.Count(i => i.GetProperty("type").GetString() == "stageChange").ShouldBe(1);
        items.Count.ShouldBe(8);
        items.Select(i => i.GetProperty("occurredAt").GetDateTime()).ShouldBeInOrder(SortDirection.Descending);

        // Sid (another team) sees the unowned account and Peter, not Bill (Ana's): Bill's items are left out, Bill's own timeline is a 404.
        var sids = (await ReadAllAsync(sidApi, $"/api/v1/accounts/{account}/timeline", 50)).Select(Key).ToList();
        sids.ShouldNotContain(c2Items[0]);
        sids.ShouldNotContain(c2Items[1]);
        sids.Count.ShouldBe(4); // the account's mail, the shared call, Peter's note, Peter's field change
        await (await sidApi.GetAsync($"/api/v1/contacts/{c2}/timeline")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await sidApi.GetAsync($"/api/v1/contacts/{c1}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        using var anaApi = app.ApiClient(ana.ApiKey);
        (await ReadAllAsync(anaApi, $"/api/v1/contacts/{c2}/timeline", 50)).Count.ShouldBe(4);

        // Another workspace: 404 on both kinds of timeline.
        var b = await app.SignUpAsync("B");
        using var apiB = app.ApiClient(b.ApiKey);
        await (await apiB.GetAsync($"/api/v1/accounts/{account}/timeline")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.GetAsync($"/api/v1/contacts/{c1}/timeline")).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Changes_made_through_the_contacts_api_show_as_field_and_stage_changes(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var account = await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex" }).IdOf();
        var contact = await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Hank", lastName = "Scorpio", accounts = new[] { new { accountId = account, role = "decisionMaker" } } }).IdOf();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await api.PatchJsonAsync($"/api/v1/contacts/{contact}", new { jobTitle = "CEO", lifecycleStage = "purchase" })).ShouldBeAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await api.PatchJsonAsync($"/api/v1/accounts/{account}", new { industry = "Energy" })).ShouldBeAsync(HttpStatusCode.OK);

        var items = await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline", 50);
        var change = items.First(i => i.GetProperty("type").GetString() == "fieldChange");
        change.GetProperty("data").GetProperty("changes").GetProperty("jobTitle").GetProperty("new").GetString().ShouldBe("CEO");
        var stages = items.Where(i => i.GetProperty("type").GetString() == "stageChange").ToList();
        stages[0].GetProperty("data").GetProperty("toStage").GetString().ShouldBe("purchase");
        stages[0].GetProperty("actorUserId").ValueKind.ShouldBe(JsonValueKind.String);

        var onAccount = await ReadAllAsync(api, $"/api/v1/accounts/{account}/timeline", 50);
        onAccount[0].GetProperty("type").GetString().ShouldBe("fieldChange");
        onAccount[0].GetProperty("accountId").GetString().ShouldBe(account);
        onAccount[0].GetProperty("data").GetProperty("changes").GetProperty("industry").GetProperty("new").GetString().ShouldBe("Energy");
        onAccount.Select(Key).ShouldContain(Key(change));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_later_module_adds_its_items_with_one_registration(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, services: s => s.AddScoped<ITimelineSource, FakeDealSource>());
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = "A note" }).IdOf();

        var items = await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline", 2);
        items.Select(i => i.GetProperty("type").GetString()).ShouldBe(["deal", "note", "deal", "deal"]);
        (await ReadAllAsync(api, $"/api/v1/contacts/{contact}/timeline?type=deal", 1)).Count.ShouldBe(3);
    }

    /// <summary>Three "deals": one in 2099, two in 2000; honours the cursor and the limit like a real source.</summary>
    private sealed class FakeDealSource : ITimelineSource
    {
        public IReadOnlyCollection<string> Types { get; } = ["deal"];

        public Task<IReadOnlyList<TimelineItem>> ReadAsync(TimelineQuery query, CancellationToken ct)
        {
            var all = new[] { new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) }
                .Select((at, n) => new TimelineItem("deal", new Guid(n + 1, 0, 0, new byte[8]), at, $"Deal {n}", null, query.ContactIds[0], null, null, null))
                .Where(i => query.BeforeAt is null || i.OccurredAt < query.BeforeAt || (i.OccurredAt == query.BeforeAt && i.Id.CompareTo(query.BeforeId!.Value) < 0))
                .Take(query.Limit).ToList();
            return Task.FromResult<IReadOnlyList<TimelineItem>>(all);
        }
    }
}
