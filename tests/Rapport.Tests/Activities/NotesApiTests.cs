using System.Net;
using System.Text.Json;
using Rapport.Activities;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Activities;

public class NotesApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Notes_are_written_read_listed_changed_and_deleted_to_the_trash(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var account = await app.AddAccountAsync(owner.WorkspaceId);

        var response = await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = "**Prefers** e-mail. <script>alert(1)</script>" });
        var note = await response.ShouldBeAsync(HttpStatusCode.Created);
        var id = note.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/notes/{id}");
        note.GetProperty("authorUserId").GetString().ShouldBe(owner.UserId.ToString());
        note.GetProperty("body").GetString().ShouldBe("**Prefers** e-mail. <script>alert(1)</script>");
        note.GetProperty("mentions").GetArrayLength().ShouldBe(0);
        await api.PostJsonAsync("/api/v1/notes", new { accountId = account, body = "Account note" }).IdOf();

        (await (await api.GetAsync($"/api/v1/notes?contactId={contact}")).JsonAsync()).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(id);
        (await (await api.GetAsync($"/api/v1/notes?accountId={account}")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(1);
        (await (await api.GetAsync("/api/v1/notes")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(2);

        var get = await api.GetAsync($"/api/v1/notes/{id}");
        await get.ShouldBeAsync(HttpStatusCode.OK);
        var etag = get.Headers.ETag!.ToString();
        var changed = await (await api.PatchJsonAsync($"/api/v1/notes/{id}", new { body = "Prefers phone now.", accountId = account }, etag)).ShouldBeAsync(HttpStatusCode.OK);
        changed.GetProperty("body").GetString().ShouldBe("Prefers phone now.");
        changed.GetProperty("accountId").GetString().ShouldBe(account.ToString());
        changed.GetProperty("contactId").GetString().ShouldBe(contact.ToString());
        await (await api.PatchJsonAsync($"/api/v1/notes/{id}", new { body = "Lost update" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);

        var errors = (await (await api.PostJsonAsync("/api/v1/notes", new { body = "" })).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.TryGetProperty("body", out _).ShouldBeTrue();
        errors.TryGetProperty("contactId", out _).ShouldBeTrue();
        (await (await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = new string('x', 20001) })).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
        (await (await api.PatchJsonAsync($"/api/v1/notes/{id}", new { mentions = new[] { owner.UserId } })).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("mentions", out _).ShouldBeTrue();
        (await (await api.PatchJsonAsync($"/api/v1/notes/{id}", new { body = (string?)null })).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
        await (await api.PostJsonAsync("/api/v1/notes", new { contactId = Guid.NewGuid(), body = "Nobody" })).ShouldBeAsync(HttpStatusCode.NotFound);

        await (await api.DeleteAsync($"/api/v1/notes/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/notes/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        var entry = (await (await api.GetAsync("/api/v1/trash")).JsonAsync()).GetProperty("items").EnumerateArray().Single();
        entry.GetProperty("entityType").GetString().ShouldBe("note");
        entry.GetProperty("title").GetString().ShouldBe("Note: Prefers phone now.");
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync($"/api/v1/notes/{id}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("body").GetString().ShouldBe("Prefers phone now.");
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).JsonAsync();
        audit.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ShouldBe(["restored", "deleted", "updated", "created"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_mention_notifies_each_newly_mentioned_active_member_once(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var mia = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Mia Member");
        var dan = await app.AddMemberAsync(api, owner.WorkspaceId, "support", name: "Dan Deactivated");
        var xia = await app.AddMemberAsync(api, owner.WorkspaceId, "marketing", name: "Xia Later");
        var cody = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Cody Code");
        await (await api.PatchJsonAsync($"/api/v1/users/{dan.UserId}", new { active = false })).ShouldBeAsync(HttpStatusCode.OK);
        using var miaApi = app.ApiClient(mia.ApiKey);
        using var xiaApi = app.ApiClient(xia.ApiKey);
        using var codyApi = app.ApiClient(cody.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId, "Grace", "Hopper");

        var body = $"Call back, @[Mia](user:{mia.UserId}) — cc @{dan.Email}, @[me](user:{owner.UserId}), " +
                   $"`@[not this](user:{cody.UserId})`, @[Ghost](user:{Guid.NewGuid()}), write to someone@example.com.";
        var note = await (await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body })).ShouldBeAsync(HttpStatusCode.Created);
        var noteId = note.GetProperty("id").GetString()!;
        note.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()!).Order().ToList().ShouldBe(new[] { mia.UserId.ToString(), owner.UserId.ToString() }.Order().ToList());

        // Mia is notified; the deactivated member, the author, code spans and unknown ids notify nobody.
        var list = await (await miaApi.GetAsync("/api/v1/notifications")).ShouldBeAsync(HttpStatusCode.OK);
        var n = list.GetProperty("items").EnumerateArray().Single();
        n.GetProperty("kind").GetString().ShouldBe(NotificationKinds.Mention);
        n.GetProperty("title").GetString().ShouldBe("Olivia Owner mentioned you in a note");
        n.GetProperty("body").GetString()!.ShouldStartWith("Call back, @Mia — cc");
        n.GetProperty("link").GetString().ShouldBe($"/contacts/{contact}");
        n.GetProperty("recordId").GetString().ShouldBe(noteId);
        n.GetProperty("read").GetBoolean().ShouldBeFalse();
        (await (await codyApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(0);
        (await (await api.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(0);

        // An edit notifies only the newly mentioned (Xia, by e-mail); Mia is not notified again.
        await (await api.PatchJsonAsync($"/api/v1/notes/{noteId}", new { body = body + $" Also @{xia.Email.ToUpperInvariant()}." })).ShouldBeAsync(HttpStatusCode.OK);
        (await (await xiaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(1);
        (await (await miaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(1);

        // A note on an account links to the account's page; a member mentioning themself is not notified.
        var account = await app.AddAccountAsync(owner.WorkspaceId);
        await (await miaApi.PostJsonAsync("/api/v1/notes", new { accountId = account, body = $"@{mia.Email} and @{xia.Email} see this" })).ShouldBeAsync(HttpStatusCode.Created);
        var xias = await (await xiaApi.GetAsync("/api/v1/notifications")).JsonAsync();
        xias.GetProperty("items")[0].GetProperty("link").GetString().ShouldBe($"/accounts/{account}");
        xias.GetProperty("items")[0].GetProperty("title").GetString().ShouldBe("Mia Member mentioned you in a note");
        (await (await miaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(1);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Notifications_are_listed_counted_and_marked_read_by_their_owner_only(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var mia = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Mia Member");
        using var miaApi = app.ApiClient(mia.ApiKey);
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var noteIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            noteIds.Add(await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = $"Note {i} for @[Mia](user:{mia.UserId})" }).IdOf());
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var all = (await (await miaApi.GetAsync("/api/v1/notifications")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        all.Select(n => n.GetProperty("recordId").GetString()!).ToList().ShouldBe(Enumerable.Reverse(noteIds).ToList());
        var ids = all.Select(n => n.GetProperty("id").GetString()!).ToList(); // newest first

        // Someone else cannot read (or even see) Mia's notification.
        await (await api.PostAsync($"/api/v1/notifications/{ids[1]}/read", null)).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await api.GetAsync("/api/v1/notifications")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);

        var read = await (await miaApi.PostAsync($"/api/v1/notifications/{ids[1]}/read", null)).ShouldBeAsync(HttpStatusCode.OK);
        read.GetProperty("read").GetBoolean().ShouldBeTrue();
        var readAt = read.GetProperty("readAt").GetDateTime();
        // Marking again keeps the first time (PostgreSQL keeps microseconds, so compare to the millisecond).
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = (await (await miaApi.PostAsync($"/api/v1/notifications/{ids[1]}/read", null)).JsonAsync()).GetProperty("readAt").GetDateTime();
        (again - readAt).Duration().ShouldBeLessThan(TimeSpan.FromMilliseconds(1));
        await (await miaApi.PostAsync($"/api/v1/notifications/{ids[3]}/read", null)).ShouldBeAsync(HttpStatusCode.OK);
        (await (await miaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(3);
        (await (await miaApi.GetAsync("/api/v1/notifications?unread=true")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(3);

        // Unread first, in pages of two: the three unread newest first, then the two read newest first.
        var order = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await miaApi.GetAsync("/api/v1/notifications?sort=unreadFirst&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ShouldBeAsync(HttpStatusCode.OK);
            order.AddRange(page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        order.ShouldBe([ids[0], ids[2], ids[4], ids[1], ids[3]]);

        // Newest first, in pages of two.
        var newest = new List<string>();
        do
        {
            var page = await (await miaApi.GetAsync("/api/v1/notifications?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ShouldBeAsync(HttpStatusCode.OK);
            newest.AddRange(page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        newest.ShouldBe(ids);

        await (await miaApi.GetAsync("/api/v1/notifications?sort=oldest")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await miaApi.GetAsync("/api/v1/notifications?sort=unreadFirst&cursor=bm9wZQ")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await miaApi.PostAsync($"/api/v1/notifications/{Guid.NewGuid()}/read", null)).ShouldBeAsync(HttpStatusCode.NotFound);

        (await (await miaApi.PostAsync("/api/v1/notifications/read-all", null)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("updated").GetInt32().ShouldBe(3);
        (await (await miaApi.GetAsync("/api/v1/notifications/unread-count")).JsonAsync()).GetProperty("count").GetInt32().ShouldBe(0);
        (await (await miaApi.PostAsync("/api/v1/notifications/read-all", null)).JsonAsync()).GetProperty("updated").GetInt32().ShouldBe(0);

        // A readonly member may read their notifications but not mark them (every write is refused to readonly).
        var reader = await app.AddMemberAsync(api, owner.WorkspaceId, "readonly", name: "Rita Reader");
        using var readerApi = app.ApiClient(reader.ApiKey);
        await (await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = $"@{reader.Email}" })).ShouldBeAsync(HttpStatusCode.Created);
        var ritas = (await (await readerApi.GetAsync("/api/v1/notifications")).JsonAsync()).GetProperty("items").EnumerateArray().Single();
        await (await readerApi.PostAsync($"/api/v1/notifications/{ritas.GetProperty("id").GetString()}/read", null)).ShouldBeAsync(HttpStatusCode.Forbidden);
    }
}
