using System.Net;
using System.Text.RegularExpressions;
using Rapport.Data;
using Rapport.Tests.Activities;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Duplicates;

/// <summary>The review queue and merge pages as plain HTML forms (no JavaScript), for accounts.</summary>
public class DuplicatePagesTests(SharedApps apps) : SharedAppTests(apps)
{
    private static async Task<string> TokenAsync(HttpClient ui, string url)
    {
        var html = await (await ui.GetAsync(url)).Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Accounts_are_merged_and_unmerged_through_the_pages(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var keep = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Initech", domain = "initech.example" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var gone = (await (await api.PostJsonAsync("/api/v1/accounts?allowDuplicate=true", new { name = "Initech Holdings", domain = "initech.example", industry = "Software" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var queue = await ui.GetAsync("/duplicates?entity=account");
        queue.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await queue.Content.ReadAsStringAsync()).ShouldContain("No scan yet");
        var mergeUrl = $"/duplicates/merge?entity=account&ids={keep}&ids={gone}";
        var page = await ui.GetAsync(mergeUrl);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Merge 2 accounts");
        html.ShouldContain("Initech Holdings");

        var token = await TokenAsync(ui, mergeUrl);
        var merged = await ui.PostAsync("/duplicates/merge", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("entity", "account"), new("ids", keep), new("ids", gone), new("survivorId", keep),
            new("choice.name", keep), new("choice.industry", gone),
        ]));
        merged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = merged.Headers.Location!.ToString();
        location.ShouldStartWith($"/accounts/{keep}?");
        var mergeId = Regex.Match(location, "undoMerge=([0-9a-f-]{36})").Groups[1].Value;
        var survivor = await (await ui.GetAsync(location)).Content.ReadAsStringAsync();
        survivor.ShouldContain($"action=\"/merges/{mergeId}/undo\"");
        var account = await (await api.GetAsync($"/api/v1/accounts/{keep}")).ShouldBeAsync(HttpStatusCode.OK);
        account.GetProperty("industry").GetString().ShouldBe("Software");
        await (await api.GetAsync($"/api/v1/accounts/{gone}")).ShouldBeAsync(HttpStatusCode.NotFound);

        var undone = await ui.PostAsync($"/merges/{mergeId}/undo", new FormUrlEncodedContent([new("__RequestVerificationToken", await TokenAsync(ui, location))]));
        undone.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Uri.UnescapeDataString(undone.Headers.Location!.ToString()).ShouldContain("Merge undone");
        await (await api.GetAsync($"/api/v1/accounts/{gone}")).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync($"/api/v1/accounts/{keep}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("industry").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        // One record is not a merge; a record out of sight is a 404 page.
        var one = await ui.GetAsync($"/duplicates/merge?entity=account&ids={keep}");
        one.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { recordVisibility = new { sales = "own" } })).ShouldBeAsync(HttpStatusCode.OK);
        var sam = await app.AddMemberAsync(api, owner.WorkspaceId, "sales");
        using var samUi = app.UiClient();
        (await samUi.SignInAsync(sam.Email, "correct horse battery")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await samUi.GetAsync(mergeUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
