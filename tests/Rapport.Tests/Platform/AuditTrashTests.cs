using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Platform;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class AuditTrashTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Creates_updates_deletes_and_restores_are_audited_field_by_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var me = await (await api.GetAsync("/api/v1/me")).JsonAsync();
        var keyId = me.GetProperty("apiKeyId").GetString();

        var team = await (await api.PostJsonAsync("/api/v1/teams", new { name = "Sales EMEA" })).ShouldBeAsync(HttpStatusCode.Created);
        var id = team.GetProperty("id").GetString()!;
        await (await api.PatchJsonAsync($"/api/v1/teams/{id}", new { name = "Sales Europe" })).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.DeleteAsync($"/api/v1/teams/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);

        var history = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).ShouldBeAsync(HttpStatusCode.OK);
        var items = history.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("action").GetString()).ShouldBe(["restored", "deleted", "updated", "created"]);
        items.ShouldAllBe(i => i.GetProperty("entityType").GetString() == "team" && i.GetProperty("actorApiKeyId").GetString() == keyId);
        var update = items[2].GetProperty("changes").GetProperty("name");
        update.GetProperty("old").GetString().ShouldBe("Sales EMEA");
        update.GetProperty("new").GetString().ShouldBe("Sales Europe");
        items[3].GetProperty("changes").GetProperty("name").GetProperty("new").GetString().ShouldBe("Sales EMEA");
        items.ShouldAllBe(i => DateTime.Parse(i.GetProperty("occurredAt").GetString()!).Kind == DateTimeKind.Utc || i.GetProperty("occurredAt").GetString()!.EndsWith('Z'));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Secrets_never_reach_the_audit_log(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var key = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "k", role = "sales" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/users", new { email = "x@example.com", name = "X", role = "sales", password = "correct horse battery" })).ShouldBeAsync(HttpStatusCode.Created);
        var log = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        log.ShouldContain("apiKey");
        log.ShouldNotContain(key.GetProperty("key").GetString()!);
        log.ShouldNotContain("keyHash");
        log.ShouldNotContain("passwordHash");
        log.ShouldNotContain("AQAAAA"); // Identity's hash prefix
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deleted_records_go_to_the_trash_and_come_back(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var team = await (await api.PostJsonAsync("/api/v1/teams", new { name = "Support" })).ShouldBeAsync(HttpStatusCode.Created);
        var id = team.GetProperty("id").GetString()!;

        await (await api.DeleteAsync($"/api/v1/teams/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/teams/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.DeleteAsync($"/api/v1/teams/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await api.GetAsync("/api/v1/teams")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);

        var trash = await (await api.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        var entry = trash.GetProperty("items").EnumerateArray().Single();
        entry.GetProperty("entityType").GetString().ShouldBe("team");
        entry.GetProperty("entityId").GetString().ShouldBe(id);
        entry.GetProperty("title").GetString().ShouldBe("Support");
        (DateTime.Parse(entry.GetProperty("purgeAfter").GetString()!) - DateTime.Parse(entry.GetProperty("deletedAt").GetString()!)).ShouldBe(TimeSpan.FromDays(30));

        var restored = await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        restored.GetProperty("entityId").GetString().ShouldBe(id);
        await (await api.GetAsync($"/api/v1/teams/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync("/api/v1/trash")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_purge_job_deletes_for_good_after_30_days_and_unlinks_members(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var old = (await (await api.PostJsonAsync("/api/v1/teams", new { name = "Old" })).JsonAsync()).GetProperty("id").GetString()!;
        var recent = (await (await api.PostJsonAsync("/api/v1/teams", new { name = "Recent" })).JsonAsync()).GetProperty("id").GetString()!;
        await (await api.PatchJsonAsync($"/api/v1/users/{owner.UserId}", new { teamId = old })).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.DeleteAsync($"/api/v1/teams/{old}")).ShouldBeAsync(HttpStatusCode.NoContent);
        app.Clock.Advance(TimeSpan.FromDays(20));
        await (await api.DeleteAsync($"/api/v1/teams/{recent}")).ShouldBeAsync(HttpStatusCode.NoContent);

        app.Clock.Advance(TimeSpan.FromDays(11));
        var purged = await TrashPurgeWorker.PurgeAllAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock, CancellationToken.None);
        purged.ShouldBe(1);

        var trash = await (await api.GetAsync("/api/v1/trash")).JsonAsync();
        trash.GetProperty("items").EnumerateArray().Single().GetProperty("entityId").GetString().ShouldBe(recent);
        await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            (await db.Teams.IgnoreQueryFilters().CountAsync(t => t.Id == Guid.Parse(old))).ShouldBe(0);
            (await db.Teams.IgnoreQueryFilters().CountAsync(t => t.Id == Guid.Parse(recent))).ShouldBe(1);
            (await db.Memberships.SingleAsync(m => m.UserId == owner.UserId)).TeamId.ShouldBeNull();
            (await db.AuditLog.CountAsync(a => a.Action == "purged" && a.EntityId == Guid.Parse(old))).ShouldBe(1);
            return 0;
        });
    }
}
