using System.Net;
using System.Text.RegularExpressions;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class WorkspaceSwitchTests
{
    [Theory, SqliteData, PostgresData]
    public async Task One_login_switches_between_its_workspaces_and_only_those(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var acme = await app.SignUpAsync("Acme", "ana@example.com");
        var globex = await app.SignUpAsync("Globex", "gus@example.com");
        var initech = await app.SignUpAsync("Initech", "ian@example.com");
        // Ana joins Globex too (same login: her password stays hers): invited, she accepts.
        using (var g = app.ApiClient(globex.ApiKey))
            await (await g.PostJsonAsync("/api/v1/users", new { email = "ana@example.com", name = "Ana", role = "manager", password = "ignored for existing users" })).ShouldBeAsync(HttpStatusCode.Created);
        await app.AcceptInvitationsAsync("ana@example.com", acme.Password);

        using var ui = app.UiClient();
        (await ui.SignInAsync("ana@example.com", acme.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var home = await (await ui.GetAsync("/")).Content.ReadAsStringAsync();
        home.ShouldContain("Welcome to Acme");
        home.ShouldContain($"value=\"{globex.WorkspaceId}\"");
        home.ShouldNotContain(initech.WorkspaceId.ToString());

        var token = WebUtility.HtmlDecode(Regex.Match(home, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var switched = await ui.PostAsync("/workspaces/switch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["workspaceId"] = globex.WorkspaceId.ToString(), ["__RequestVerificationToken"] = token,
        }));
        switched.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await ui.GetAsync("/")).Content.ReadAsStringAsync()).ShouldContain("Welcome to Globex");

        // A workspace she does not belong to is not found, and nothing changes.
        var refused = await ui.PostAsync("/workspaces/switch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["workspaceId"] = initech.WorkspaceId.ToString(), ["__RequestVerificationToken"] = token,
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await ui.GetAsync("/")).Content.ReadAsStringAsync()).ShouldContain("Welcome to Globex");
    }
}
