using System.Net;
using System.Text.Json;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Activities;

public class InteractionsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Interactions_are_logged_read_listed_changed_and_deleted_to_the_trash(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var account = await app.AddAccountAsync(owner.WorkspaceId);

        var response = await api.PostJsonAsync("/api/v1/interactions", new
        {
            contactId = contact, accountId = account, channel = "call", direction = "outbound",
            occurredAt = "2026-03-02T09:30:00+01:00", durationSeconds = 420, subject = "Discovery call", body = "Talked budget.",
            outcome = "interested",
            participants = new object[] { new { userId = owner.UserId }, new { contactId = contact }, new { name = "Sam Guest", email = "Sam@Example.com" } },
        });
        var created = await response.ShouldBeAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/interactions/{id}");
        response.Headers.ETag!.ToString().ShouldBe("\"0\"");
        created.GetProperty("occurredAt").GetString().ShouldBe("2026-03-02T08:30:00Z");
        created.GetProperty("createdByUserId").GetString().ShouldBe(owner.UserId.ToString());
        var participants = created.GetProperty("participants").EnumerateArray().ToList();
        participants.Count.ShouldBe(3);
        participants[2].GetProperty("email").GetString().ShouldBe("sam@example.com");

        // occurredAt defaults to now; the account alone is enough of a link.
        var visit = await (await api.PostJsonAsync("/api/v1/interactions", new { accountId = account, channel = "webVisit", direction = "inbound" })).ShouldBeAsync(HttpStatusCode.Created);
        (DateTime.Parse(visit.GetProperty("occurredAt").GetString()!).ToUniversalTime() - app.Clock.GetUtcNow().UtcDateTime).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));
        visit.GetProperty("subject").GetString().ShouldBe("");

        var get = await api.GetAsync($"/api/v1/interactions/{id}");
        (await get.ShouldBeAsync(HttpStatusCode.OK)).GetProperty("subject").GetString().ShouldBe("Discovery call");
        var etag = get.Headers.ETag!.ToString();

        // Lists filter by contact, account and channel.
        async Task<List<string>> Ids(string query) =>
            (await (await api.GetAsync("/api/v1/interactions" + query)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        (await Ids("")).Count.ShouldBe(2);
        (await Ids($"?contactId={contact}")).ShouldBe([id]);
        (await Ids($"?accountId={account}")).Count.ShouldBe(2);
        (await Ids($"?accountId={account}&channel=webVisit")).ShouldBe([visit.GetProperty("id").GetString()!]);
        (await Ids("?channel=email")).ShouldBeEmpty();

        // Merge patch with If-Match; a stale one is 412 and changes nothing.
        var patched = await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { outcome = "demo booked", body = (string?)null }, etag);
        var changed = await patched.ShouldBeAsync(HttpStatusCode.OK);
        changed.GetProperty("outcome").GetString().ShouldBe("demo booked");
        changed.GetProperty("body").ValueKind.ShouldBe(JsonValueKind.Null);
        changed.GetProperty("subject").GetString().ShouldBe("Discovery call");
        patched.Headers.ETag!.ToString().ShouldBe("\"1\"");
        await (await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { outcome = "lost" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        (await (await api.GetAsync($"/api/v1/interactions/{id}")).JsonAsync()).GetProperty("outcome").GetString().ShouldBe("demo booked");

        // Delete → 404 → in the trash → restore.
        await (await api.DeleteAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.DeleteAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        var entry = trash.GetProperty("items").EnumerateArray().Single();
        entry.GetProperty("entityType").GetString().ShouldBe("interaction");
        entry.GetProperty("title").GetString().ShouldBe("Discovery call");
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.GetAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.OK);

        // Every write is in the audit log.
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ShouldBe(["restored", "deleted", "updated", "created"]);
        audit.GetProperty("items")[2].GetProperty("changes").GetProperty("outcome").GetProperty("old").GetString().ShouldBe("interested");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_a_400_naming_the_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId);

        async Task<JsonElement> Errors(HttpResponseMessage r) => (await r.ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        (await Errors(await api.PostJsonAsync("/api/v1/interactions", new { channel = "call", direction = "inbound" }))).TryGetProperty("contactId", out _).ShouldBeTrue();
        var many = await Errors(await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "fax", direction = "sideways", durationSeconds = -1, subject = new string('s', 301) }));
        many.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["channel", "direction", "durationSeconds", "subject"]);
        (await Errors(await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "call", direction = "inbound", participants = new object[] { new { } } })))
            .TryGetProperty("participants[0]", out _).ShouldBeTrue();
        (await Errors(await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "call", direction = "inbound", participants = new object[] { new { email = "not-an-email" } } })))
            .TryGetProperty("participants[0].email", out _).ShouldBeTrue();
        (await Errors(await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "call", direction = "inbound", participants = new object[] { new { name = "ok" }, new { userId = Guid.NewGuid() } } })))
            .TryGetProperty("participants[1].userId", out _).ShouldBeTrue();
        (await Errors(await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "call", direction = "inbound", participants = new object?[] { null } })))
            .TryGetProperty("participants[0]", out _).ShouldBeTrue();
        (await Errors(await api.SendRawAsync(HttpMethod.Post, "/api/v1/interactions", $"{{\"contactId\":\"{contact}\",\"channel\":\"call\",\"direction\":\"inbound\",\"occurredAt\":\"yesterday\"}}")))
            .TryGetProperty("occurredAt", out _).ShouldBeTrue();
        (await Errors(await api.SendRawAsync(HttpMethod.Post, "/api/v1/interactions", "{\"contactId\":\"nope\",\"channel\":\"call\",\"direction\":\"inbound\"}")))
            .TryGetProperty("contactId", out _).ShouldBeTrue();

        var id = await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "email", direction = "inbound", subject = "Hello" }).IdOf();
        (await Errors(await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { channel = 7 }))).TryGetProperty("channel", out _).ShouldBeTrue();
        (await Errors(await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { colour = "red" }))).TryGetProperty("colour", out _).ShouldBeTrue();
        (await Errors(await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { createdAt = "2020-01-01T00:00:00Z" }))).TryGetProperty("createdAt", out _).ShouldBeTrue();
        (await Errors(await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { contactId = (string?)null }))).TryGetProperty("contactId", out _).ShouldBeTrue();
        (await Errors(await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { occurredAt = (string?)null }))).TryGetProperty("occurredAt", out _).ShouldBeTrue();
        (await Errors(await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { subject = "bad\u0000" }))).TryGetProperty("subject", out _).ShouldBeTrue();
        (await Errors(await api.GetAsync("/api/v1/interactions?channel=fax"))).TryGetProperty("channel", out _).ShouldBeTrue();
        (await Errors(await api.GetAsync("/api/v1/interactions?limit=500"))).TryGetProperty("limit", out _).ShouldBeTrue();
        (await Errors(await api.GetAsync("/api/v1/interactions?cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk6MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"))).TryGetProperty("cursor", out _).ShouldBeTrue();
        await (await api.PatchJsonAsync($"/api/v1/interactions/{id}", new { subject = "x" }, "\"not-a-version\"")).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        (await (await api.GetAsync($"/api/v1/interactions/{id}")).JsonAsync()).GetProperty("subject").GetString().ShouldBe("Hello");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Records_of_another_workspace_are_404_whether_linked_or_read(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        using var apiA = app.ApiClient(a.ApiKey);
        using var apiB = app.ApiClient(b.ApiKey);
        var contactA = await app.AddContactAsync(a.WorkspaceId);
        var accountA = await app.AddAccountAsync(a.WorkspaceId);
        var contactB = await app.AddContactAsync(b.WorkspaceId);
        var id = await apiA.PostJsonAsync("/api/v1/interactions", new { contactId = contactA, channel = "meeting", direction = "outbound" }).IdOf();

        await (await apiB.PostJsonAsync("/api/v1/interactions", new { contactId = contactA, channel = "call", direction = "inbound" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.PostJsonAsync("/api/v1/interactions", new { contactId = contactB, accountId = accountA, channel = "call", direction = "inbound" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.GetAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.GetAsync($"/api/v1/interactions?contactId={contactA}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.PatchJsonAsync($"/api/v1/interactions/{id}", new { subject = "mine now" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.DeleteAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        // Moving one's own interaction onto another workspace's contact is refused the same way.
        var own = await apiB.PostJsonAsync("/api/v1/interactions", new { contactId = contactB, channel = "sms", direction = "inbound" }).IdOf();
        await (await apiB.PatchJsonAsync($"/api/v1/interactions/{own}", new { contactId = contactA })).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await apiB.GetAsync("/api/v1/interactions")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await apiA.GetAsync($"/api/v1/interactions/{id}")).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_sales_user_sees_only_activities_on_records_in_sight(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var north = await api.PostJsonAsync("/api/v1/teams", new { name = "North" }).IdOf();
        var south = await api.PostJsonAsync("/api/v1/teams", new { name = "South" }).IdOf();
        var ana = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", north, "Ana North");
        var bo = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", north, "Bo North");
        var sid = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", south, "Sid South");
        using var anaApi = app.ApiClient(ana.ApiKey);
        using var boApi = app.ApiClient(bo.ApiKey);
        using var sidApi = app.ApiClient(sid.ApiKey);
        var anasContact = await app.AddContactAsync(owner.WorkspaceId, "Nora", "North", ana.UserId);
        var unowned = await app.AddContactAsync(owner.WorkspaceId, "Una", "Owned");

        var call = await anaApi.PostJsonAsync("/api/v1/interactions", new { contactId = anasContact, channel = "call", direction = "outbound" }).IdOf();
        await boApi.PostJsonAsync("/api/v1/interactions", new { contactId = unowned, channel = "email", direction = "inbound" }).IdOf();

        // Bo is in Ana's team; Sid is not: 404 on the record and its activities, and lists leave them out.
        await (await boApi.GetAsync($"/api/v1/interactions/{call}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await sidApi.GetAsync($"/api/v1/interactions/{call}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await sidApi.PatchJsonAsync($"/api/v1/interactions/{call}", new { subject = "x" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await sidApi.PostJsonAsync("/api/v1/interactions", new { contactId = anasContact, channel = "call", direction = "outbound" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await sidApi.GetAsync($"/api/v1/interactions?contactId={anasContact}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await sidApi.GetAsync("/api/v1/interactions")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(1);
        (await (await boApi.GetAsync("/api/v1/interactions")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(2);
        (await (await api.GetAsync("/api/v1/interactions")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(2);
        // A contact out of sight cannot be named as a participant either.
        (await (await sidApi.PostJsonAsync("/api/v1/interactions", new { contactId = unowned, channel = "meeting", direction = "outbound", participants = new[] { new { contactId = anasContact } } }))
            .ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("participants[0].contactId", out _).ShouldBeTrue();
    }
}
