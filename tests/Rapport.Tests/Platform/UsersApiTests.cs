using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Platform.Features;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class UsersApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Admins_add_list_and_change_members(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var team = await (await api.PostJsonAsync("/api/v1/teams", new { name = "Field sales" })).ShouldBeAsync(HttpStatusCode.Created);
        var teamId = team.GetProperty("id").GetString();

        var created = await api.PostJsonAsync("/api/v1/users", new { email = "Bob@Example.com", name = "Bob", role = "sales", password = "bobs long password", teamId });
        var bob = await created.ShouldBeAsync(HttpStatusCode.Created);
        var bobId = bob.GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/users/{bobId}");
        bob.GetProperty("email").GetString().ShouldBe("bob@example.com");
        bob.GetProperty("teamId").GetString().ShouldBe(teamId);
        bob.GetProperty("active").GetBoolean().ShouldBeTrue();

        await (await api.PostJsonAsync("/api/v1/users", new { email = "bob@example.com", name = "Bob", role = "sales", password = "bobs long password" })).ShouldBeAsync(HttpStatusCode.Conflict);

        var list = await (await api.GetAsync("/api/v1/users")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("items").GetArrayLength().ShouldBe(2);

        var changed = await (await api.PatchJsonAsync($"/api/v1/users/{bobId}", new { role = "manager", teamId = (string?)null })).ShouldBeAsync(HttpStatusCode.OK);
        changed.GetProperty("role").GetString().ShouldBe("manager");
        changed.GetProperty("teamId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var bad = await (await api.PatchJsonAsync($"/api/v1/users/{bobId}", new { role = "emperor", email = "x@y.z" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("email", out _).ShouldBeTrue();
        await (await api.PatchJsonAsync($"/api/v1/users/{bobId}", new { role = "emperor" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PatchJsonAsync($"/api/v1/users/{bobId}", new { teamId = Guid.NewGuid() })).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_last_active_owner_cannot_be_demoted_or_deactivated(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync($"/api/v1/users/{owner.UserId}", new { role = "admin" })).ShouldBeAsync(HttpStatusCode.Conflict);
        await (await api.PatchJsonAsync($"/api/v1/users/{owner.UserId}", new { active = false })).ShouldBeAsync(HttpStatusCode.Conflict);

        var second = await (await api.PostJsonAsync("/api/v1/users", new { email = "co@example.com", name = "Co Owner", role = "owner", password = "another long password" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PatchJsonAsync($"/api/v1/users/{owner.UserId}", new { role = "admin" })).ShouldBeAsync(HttpStatusCode.OK);

        // An admin may not touch owners or make new ones.
        var adminKey = await (await app.ApiClient(owner.ApiKey).PostJsonAsync("/api/v1/api-keys", new { name = "a", role = "admin" })).ShouldBeAsync(HttpStatusCode.Created);
        using var admin = app.ApiClient(adminKey.GetProperty("key").GetString()!);
        await (await admin.PatchJsonAsync($"/api/v1/users/{second.GetProperty("id").GetString()}", new { active = false })).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await admin.PostJsonAsync("/api/v1/users", new { email = "o2@example.com", name = "O", role = "owner", password = "another long password" })).ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invitations_and_reset_links_work_once(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);

        var invite = await (await api.PostJsonAsync("/api/v1/invitations", new { email = "new@example.com", role = "support" })).ShouldBeAsync(HttpStatusCode.Created);
        var token = invite.GetProperty("url").GetString()!.Split("/invite/")[1];
        var joined = await app.InWorkspaceAsync(Guid.Empty, sp =>
            sp.GetRequiredService<AcceptInvitation>().HandleAsync(new AcceptInvitation.Request(token, "Nina New", "ninas long password"), default));
        joined.Role.ShouldBe("support");
        joined.WorkspaceId.ShouldBe(owner.WorkspaceId);
        await Should.ThrowAsync<Rapport.Common.NotFoundException>(() => app.InWorkspaceAsync(Guid.Empty, sp =>
            sp.GetRequiredService<AcceptInvitation>().HandleAsync(new AcceptInvitation.Request(token, "Again", "ninas long password"), default)));

        var reset = await (await api.PostAsync($"/api/v1/users/{joined.UserId}/password-reset", null)).ShouldBeAsync(HttpStatusCode.OK);
        var resetToken = reset.GetProperty("url").GetString()!.Split("/reset/")[1];
        await app.InWorkspaceAsync(Guid.Empty, async sp => { await sp.GetRequiredService<ResetPassword>().CompleteAsync(resetToken, "a brand new password", default); return 0; });
        await Should.ThrowAsync<Rapport.Common.NotFoundException>(() => app.InWorkspaceAsync(Guid.Empty, async sp =>
        {
            await sp.GetRequiredService<ResetPassword>().CompleteAsync(resetToken, "yet another password", default);
            return 0;
        }));
        using var ui = app.UiClient();
        (await ui.SignInAsync("new@example.com", "a brand new password")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
