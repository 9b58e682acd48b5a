using System.Net;
using System.Text.RegularExpressions;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Customers;

/// <summary>
/// The contact and account pages as a browser without JavaScript sees them (and htmx, by its
/// headers): status codes, forms re-rendered with 422 and the message by the field, and 404 for a
/// record of another workspace or out of sight.
/// </summary>
public class ContactPagesTests(SharedApps apps) : SharedAppTests(apps)
{
    private sealed record Setup(RapportApp App, RapportApp.SignedUp Owner, HttpClient Api, HttpClient Ui);

    private async Task<Setup> SetUpAsync(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        var api = app.ApiClient(owner.ApiKey);
        var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return new Setup(app, owner, api, ui);
    }

    private static async Task<string> CreateAsync(HttpClient api, string path, object body) =>
        (await (await api.PostJsonAsync(path, body)).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient ui, string url, bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx) request.Headers.Add("HX-Request", "true");
        var response = await ui.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form as htmx does (antiforgery header, HX-Request) for an inline editor or a dialog.</summary>
    private static async Task<HttpResponseMessage> HtmxPostAsync(HttpClient ui, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var html = await (await ui.GetAsync(pageUrl)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await ui.SendAsync(request);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lists_and_record_pages_render_and_keep_filters_in_the_query_string(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        var app = s.App;
        await (await s.Api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "shoeSize", label = "Shoe size", type = "number" })).ShouldBeAsync(HttpStatusCode.Created);
        var account = await CreateAsync(s.Api, "/api/v1/accounts", new { name = "Globex", domain = "globex.com" });
        var ada = await CreateAsync(s.Api, "/api/v1/contacts", new
        {
            firstName = "Ada", lastName = "Lovelace", email = "ada@example.com", tags = new[] { "vip" }, customFields = new { shoeSize = 42 },
            accounts = new[] { new { accountId = account, role = "decisionMaker", title = "CTO" } },
        });
        await CreateAsync(s.Api, "/api/v1/contacts", new { firstName = "Grace", lastName = "Hopper", customFields = new { shoeSize = 38 } });

        var (status, html) = await GetAsync(s.Ui, "/contacts");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Ada Lovelace");
        html.ShouldContain("Grace Hopper");

        (status, html) = await GetAsync(s.Ui, "/contacts?tag=vip&customFields.shoeSize.gt=40");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Ada Lovelace");
        html.ShouldNotContain("Grace Hopper");
        html.ShouldContain("Shoe size &gt; 40"); // the chip

        // The filter bar's helper fields and empty values fold into the API's form.
        var folded = await s.Ui.GetAsync("/contacts?cf=shoeSize&cfOp=lt&cfValue=40&tag=&q=");
        folded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        folded.Headers.Location!.ToString().ShouldBe("/contacts?customFields.shoeSize.lt=40");

        // A filter the API refuses is a message on the page, not an error page.
        (status, html) = await GetAsync(s.Ui, "/contacts?customFields.nope=1");
        status.ShouldBe((HttpStatusCode)422);
        html.ShouldContain("There is no such custom field.");
        (await GetAsync(s.Ui, "/contacts/rows?cursor=not-a-cursor", htmx: true)).Status.ShouldBe((HttpStatusCode)422);

        // Columns, sort, the rows fragment and the CSV export share the same state.
        (status, html) = await GetAsync(s.Ui, "/contacts?sort=-customFields.shoeSize&columns=name,customFields.shoeSize,accounts");
        status.ShouldBe(HttpStatusCode.OK);
        html.IndexOf("Ada Lovelace").ShouldBeLessThan(html.IndexOf("Grace Hopper"));
        html.ShouldContain("Globex"); // the accounts column
        (status, html) = await GetAsync(s.Ui, "/contacts/rows?sort=firstName", htmx: true);
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldStartWith("<tr");
        var csv = await s.Ui.GetAsync("/contacts/export.csv?tag=vip");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain("ada@example.com");
        (await s.Ui.GetAsync("/contacts/export.csv?nope=1")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await s.Ui.GetAsync("/accounts/export.csv")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (status, html) = await GetAsync(s.Ui, $"/contacts/{ada}");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Ada Lovelace");
        html.ShouldContain("Decision maker");
        (await GetAsync(s.Ui, $"/contacts/{ada}?tab=history")).Html.ShouldContain("created this record");
        (await GetAsync(s.Ui, $"/contacts/{ada}/fields/customFields.shoeSize/edit")).Status.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(s.Ui, $"/contacts/{ada}/fields/nothing/edit")).Status.ShouldBe(HttpStatusCode.NotFound);
        (status, html) = await GetAsync(s.Ui, $"/accounts/{account}");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Ada Lovelace");
        foreach (var url in new[] { "/accounts", "/contacts/new", "/accounts/new", "/settings/custom-fields", "/accounts/options?q=glo" })
            (await GetAsync(s.Ui, url)).Status.ShouldBe(HttpStatusCode.OK, url);
        (await GetAsync(s.Ui, $"/contacts/{Guid.NewGuid()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(s.Ui, "/contacts/not-a-guid")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task New_contact_form_refuses_bad_fields_with_422_and_creates_a_good_one(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        var app = s.App;
        await (await s.Api.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "badge", label = "Badge", type = "text", required = true, unique = true })).ShouldBeAsync(HttpStatusCode.Created);

        var bad = await s.Ui.SubmitFormAsync("/contacts/new", "/contacts", new()
        {
            ["firstName"] = "Ada", ["email"] = "not an address", ["customFields.badge"] = "", ["lifecycleStage"] = "awareness",
        });
        bad.StatusCode.ShouldBe((HttpStatusCode)422);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"email-error\"");
        html.ShouldContain("Badge is required.");
        html.ShouldContain("value=\"Ada\""); // what was typed stays

        var good = await s.Ui.SubmitFormAsync("/contacts/new", "/contacts", new()
        {
            ["firstName"] = "Ada", ["lastName"] = "Lovelace", ["email"] = "ada@example.com", ["tags"] = "vip, math", ["customFields.badge"] = "A-1",
            ["lifecycleStage"] = "consideration", ["ownerId"] = s.Owner.UserId.ToString(),
        });
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = good.Headers.Location!.ToString();
        location.ShouldStartWith("/contacts/");
        var id = location.Split('/', '?')[2];
        var c = await (await s.Api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        c.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["math", "vip"]);
        c.GetProperty("customFields").GetProperty("badge").GetString().ShouldBe("A-1");
        c.GetProperty("lifecycleStage").GetString().ShouldBe("consideration");

        // The same unique value again: 409 with a link to the existing contact. From the dialog (htmx), success navigates with HX-Location.
        var duplicate = await HtmxPostAsync(s.Ui, "/contacts/new", "/contacts", new() { ["firstName"] = "Other", ["customFields.badge"] = "A-1" });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await duplicate.Content.ReadAsStringAsync()).ShouldContain($"/contacts/{id}");
        var created = await HtmxPostAsync(s.Ui, "/contacts/new", "/contacts", new() { ["firstName"] = "Other", ["customFields.badge"] = "B-2" });
        created.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        created.Headers.GetValues("HX-Location").Single().ShouldContain("/contacts/");

        var account = await s.Ui.SubmitFormAsync("/accounts/new", "/accounts", new() { ["name"] = "" });
        account.StatusCode.ShouldBe((HttpStatusCode)422);
        (await account.Content.ReadAsStringAsync()).ShouldContain("id=\"name-error\"");
        (await s.Ui.SubmitFormAsync("/accounts/new", "/accounts", new() { ["name"] = "Globex", ["domain"] = "globex.com" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Inline_edit_saves_refuses_bad_values_and_explains_a_stale_edit(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        var app = s.App;
        var ada = await CreateAsync(s.Api, "/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace" });
        var page = $"/contacts/{ada}";
        var version = (await (await s.Api.GetAsync($"/api/v1/contacts/{ada}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64().ToString();

        var saved = await HtmxPostAsync(s.Ui, page, $"{page}/fields/jobTitle", new() { ["jobTitle"] = "Analyst", ["version"] = version });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await saved.Content.ReadAsStringAsync();
        html.ShouldContain("Analyst");
        html.ShouldContain("Saved");
        html.ShouldContain("hx-swap-oob=\"true\""); // the header follows

        var bad = await HtmxPostAsync(s.Ui, page, $"{page}/fields/email", new() { ["email"] = "nope" });
        bad.StatusCode.ShouldBe((HttpStatusCode)422);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("value=\"nope\"");

        // Stale: the form carries the version it was opened with; someone changed the contact meanwhile.
        var stale = await HtmxPostAsync(s.Ui, page, $"{page}/fields/firstName", new() { ["firstName"] = "Augusta", ["version"] = version });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        html = await stale.Content.ReadAsStringAsync();
        html.ShouldContain("changed by you (in another tab)");
        html.ShouldContain("value=\"Augusta\"");

        // Without JavaScript: the edit page, then a redirect back with the confirmation.
        var plain = await s.Ui.SubmitFormAsync($"{page}/fields/lifecycleStage/edit", $"{page}/fields/lifecycleStage", new() { ["lifecycleStage"] = "purchase" });
        plain.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var c = await (await s.Api.GetAsync($"/api/v1/contacts/{ada}")).ShouldBeAsync(HttpStatusCode.OK);
        c.GetProperty("lifecycleStage").GetString().ShouldBe("purchase");
        c.GetProperty("jobTitle").GetString().ShouldBe("Analyst");
        c.GetProperty("firstName").GetString().ShouldBe("Ada");

        // Link an account with a role, then remove it.
        var account = await CreateAsync(s.Api, "/api/v1/accounts", new { name = "Globex" });
        (await s.Ui.SubmitFormAsync(page, $"{page}/accounts", new() { ["accountId"] = account, ["role"] = "billing", ["title"] = "AP" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        c = await (await s.Api.GetAsync($"/api/v1/contacts/{ada}")).ShouldBeAsync(HttpStatusCode.OK);
        c.GetProperty("accounts")[0].GetProperty("role").GetString().ShouldBe("billing");
        (await s.Ui.SubmitFormAsync(page, $"{page}/accounts", new() { ["accountId"] = "" })).StatusCode.ShouldBe((HttpStatusCode)422);
        (await s.Ui.SubmitFormAsync(page, $"{page}/accounts/{account}/remove", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        c = await (await s.Api.GetAsync($"/api/v1/contacts/{ada}")).ShouldBeAsync(HttpStatusCode.OK);
        c.GetProperty("accounts").GetArrayLength().ShouldBe(0);

        // Delete: to the trash, with a link to it.
        var deleted = await s.Ui.SubmitFormAsync(page, $"{page}/delete", new());
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldContain("trash=1");
        (await GetAsync(s.Ui, page)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await (await s.Api.GetAsync("/api/v1/trash")).Content.ReadAsStringAsync()).ShouldContain(ada);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_workspaces_record_and_a_record_out_of_sight_are_404s(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        var app = s.App;
        var other = await app.SignUpAsync("Globex");
        using var otherApi = app.ApiClient(other.ApiKey);
        var foreignContact = await CreateAsync(otherApi, "/api/v1/contacts", new { firstName = "Foreign" });
        var foreignAccount = await CreateAsync(otherApi, "/api/v1/accounts", new { name = "Foreign Corp" });
        var mine = await CreateAsync(s.Api, "/api/v1/contacts", new { firstName = "Mine" });

        foreach (var url in new[] { $"/contacts/{foreignContact}", $"/contacts/{foreignContact}?tab=history", $"/contacts/{foreignContact}/fields/firstName/edit",
                     $"/accounts/{foreignAccount}", $"/accounts/{foreignAccount}/fields/name/edit" })
            (await GetAsync(s.Ui, url)).Status.ShouldBe(HttpStatusCode.NotFound, url);
        (await s.Ui.SubmitFormAsync($"/contacts/{mine}", $"/contacts/{foreignContact}/fields/firstName", new() { ["firstName"] = "X" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await s.Ui.SubmitFormAsync($"/contacts/{mine}", $"/contacts/{foreignContact}/delete", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await s.Ui.SubmitFormAsync($"/contacts/{mine}", $"/accounts/{foreignAccount}/delete", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(s.Ui, "/contacts")).Html.ShouldNotContain("Foreign");

        // A sales rep (own + team; no team) does not see the owner's contact: its page is a 404, the list leaves it out.
        await (await s.Api.PostJsonAsync("/api/v1/users", new { email = "sam@example.com", name = "Sam Sales", role = "sales", password = "correct horse battery" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        using var sam = app.UiClient();
        (await sam.SignInAsync("sam@example.com", "correct horse battery")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await GetAsync(sam, $"/contacts/{mine}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(sam, "/contacts")).Html.ShouldNotContain(mine);
        // Settings are for admins.
        (await GetAsync(sam, "/settings/custom-fields")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(sam, "/settings/visibility")).Status.ShouldBe(HttpStatusCode.Forbidden);

        // Settings → Visibility: sales sees all records from now on; a bad scope is refused by the field.
        (await GetAsync(s.Ui, "/settings/visibility")).Html.ShouldContain("Their own and their team");
        var refused = await s.Ui.SubmitFormAsync("/settings/visibility", "/settings/visibility", new() { ["sales"] = "everything" });
        refused.StatusCode.ShouldBe((HttpStatusCode)422);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("id=\"recordVisibility.sales-error\"");
        (await s.Ui.SubmitFormAsync("/settings/visibility", "/settings/visibility", new() { ["sales"] = "all", ["support"] = "own" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var w = await (await s.Api.GetAsync("/api/v1/workspace")).ShouldBeAsync(HttpStatusCode.OK);
        w.GetProperty("recordVisibility").GetProperty("support").GetString().ShouldBe("own");
        (await GetAsync(sam, $"/contacts/{mine}")).Status.ShouldBe(HttpStatusCode.OK);
        var stale = await s.Ui.SubmitFormAsync("/settings/visibility", "/settings/visibility", new() { ["sales"] = "own", ["version"] = (w.GetProperty("version").GetInt64() - 1).ToString() });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bulk_actions_saved_views_and_custom_field_settings(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        var app = s.App;
        var a = await CreateAsync(s.Api, "/api/v1/contacts", new { firstName = "Ada" });
        var b = await CreateAsync(s.Api, "/api/v1/contacts", new { firstName = "Bea" });

        var html = await (await s.Ui.GetAsync("/contacts")).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var bulk = await s.Ui.PostAsync("/contacts/bulk", new FormUrlEncodedContent(
        [
            new("ids", a), new("ids", b), new("action", "tag"), new("tag", "event"), new("returnUrl", "/contacts?sort=firstName"), new("__RequestVerificationToken", token),
        ]));
        bulk.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        bulk.Headers.Location!.ToString().ShouldStartWith("/contacts?sort=firstName&done=");
        (await GetAsync(s.Ui, "/contacts?tag=event")).Html.ShouldContain("Bea");
        var none = await s.Ui.PostAsync("/contacts/bulk", new FormUrlEncodedContent([new("action", "tag"), new("tag", "x"), new("__RequestVerificationToken", token)]));
        none.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        WebUtility.UrlDecode(none.Headers.Location!.ToString()).ShouldContain("Select at least one");

        // A saved view: its tab links to the same query string.
        var view = await s.Ui.SubmitFormAsync("/contacts", "/contacts/views", new() { ["name"] = "Event people", ["query"] = "tag=event&sort=firstName", ["columns"] = "name,tags" });
        view.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        view.Headers.Location!.ToString().ShouldBe("/contacts?tag=event&sort=firstName&columns=name%2Ctags");
        html = (await GetAsync(s.Ui, "/contacts?tag=event&sort=firstName&columns=name,tags")).Html;
        html.ShouldContain("Event people");
        Regex.IsMatch(html, "class=\"active\"[^>]*>\\s*<span>Event people</span>").ShouldBeTrue();
        (await s.Ui.SubmitFormAsync("/contacts", "/contacts/views", new() { ["name"] = "" })).StatusCode.ShouldBe((HttpStatusCode)422);

        // Settings → Custom fields: add, refuse a bad key (422), edit, delete to the trash.
        (await s.Ui.SubmitFormAsync("/settings/custom-fields", "/settings/custom-fields", new()
        {
            ["entity"] = "contact", ["label"] = "Plan", ["key"] = "plan", ["type"] = "singleSelect", ["options"] = "Free\nPro",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var refused = await s.Ui.SubmitFormAsync("/settings/custom-fields", "/settings/custom-fields", new()
        {
            ["entity"] = "contact", ["label"] = "Bad", ["key"] = "1bad", ["type"] = "text",
        });
        refused.StatusCode.ShouldBe((HttpStatusCode)422);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("id=\"key-error\"");
        var fields = await (await s.Api.GetAsync("/api/v1/custom-fields?entity=contact")).ShouldBeAsync(HttpStatusCode.OK);
        var plan = fields.GetProperty("items")[0].GetProperty("id").GetString();
        (await s.Ui.SubmitFormAsync($"/settings/custom-fields/{plan}", $"/settings/custom-fields/{plan}", new()
        {
            ["label"] = "Plan name", ["options"] = "Free\nPro\nEnterprise", ["required"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var f = await (await s.Api.GetAsync($"/api/v1/custom-fields/{plan}")).ShouldBeAsync(HttpStatusCode.OK);
        f.GetProperty("label").GetString().ShouldBe("Plan name");
        f.GetProperty("options").GetArrayLength().ShouldBe(3);
        f.GetProperty("required").GetBoolean().ShouldBeTrue();
        (await s.Ui.SubmitFormAsync($"/settings/custom-fields/{plan}", $"/settings/custom-fields/{plan}", new() { ["label"] = "", ["options"] = "" }))
            .StatusCode.ShouldBe((HttpStatusCode)422);
        (await s.Ui.SubmitFormAsync("/settings/custom-fields", $"/settings/custom-fields/{plan}/delete", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await s.Api.GetAsync("/api/v1/trash")).Content.ReadAsStringAsync()).ShouldContain(plan!);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Timeline_composer_adds_notes_calls_and_tasks_and_pages_the_timeline(DatabaseProvider provider)
    {
        var s = await SetUpAsync(provider);
        var app = s.App;
        var account = await CreateAsync(s.Api, "/api/v1/accounts", new { name = "Globex" });
        var ada = await CreateAsync(s.Api, "/api/v1/contacts", new { firstName = "Ada", accounts = new[] { new { accountId = account, role = "billing" } } });
        var page = $"/contacts/{ada}";

        var note = await HtmxPostAsync(s.Ui, page, $"{page}/notes", new() { ["body"] = "Likes **tea**. <img src=x onerror=alert(1)> [x](javascript:alert(1))" });
        note.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await note.Content.ReadAsStringAsync();
        html.ShouldStartWith("<section id=\"timeline\"");
        html.ShouldContain("<strong>tea</strong>");
        html.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
        html.ShouldNotContain("href=\"javascript:");
        html.ShouldContain("Note added");

        (await HtmxPostAsync(s.Ui, page, $"{page}/notes", new() { ["body"] = "" })).StatusCode.ShouldBe((HttpStatusCode)422);
        var badCall = await HtmxPostAsync(s.Ui, page, $"{page}/calls", new() { ["subject"] = "Kept", ["durationMinutes"] = "soon" });
        badCall.StatusCode.ShouldBe((HttpStatusCode)422);
        html = await badCall.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"durationMinutes-error\"");
        html.ShouldContain("value=\"Kept\"");
        (await HtmxPostAsync(s.Ui, page, $"{page}/calls", new() { ["subject"] = "Quarterly call", ["durationMinutes"] = "5", ["direction"] = "inbound" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await s.Ui.SubmitFormAsync(page, $"{page}/tasks", new() { ["title"] = "Send the proposal", ["priority"] = "high" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await s.Ui.SubmitFormAsync(page, $"{page}/tasks", new() { ["title"] = "" })).StatusCode.ShouldBe((HttpStatusCode)422);

        html = (await GetAsync(s.Ui, page)).Html;
        html.ShouldContain("Quarterly call");
        html.ShouldContain("Send the proposal");
        var tasks = await (await s.Api.GetAsync($"/api/v1/tasks?contactId={ada}")).ShouldBeAsync(HttpStatusCode.OK);
        var taskId = tasks.GetProperty("items")[0].GetProperty("id").GetString();
        var done = await HtmxPostAsync(s.Ui, page, $"{page}/tasks/{taskId}/complete", new());
        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await done.Content.ReadAsStringAsync()).ShouldContain("completed");

        // The type filter and the next entries' fragment.
        (await GetAsync(s.Ui, $"{page}?type=note")).Html.ShouldNotContain("Quarterly call");
        (await GetAsync(s.Ui, $"{page}?type=bogus")).Status.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(s.Ui, $"{page}/timeline?type=interaction", htmx: true)).Html.ShouldContain("Quarterly call");
        (await GetAsync(s.Ui, $"{page}/timeline?cursor=nonsense", htmx: true)).Status.ShouldBe(HttpStatusCode.OK);

        // The account's timeline holds its contacts' entries.
        html = (await GetAsync(s.Ui, $"/accounts/{account}")).Html;
        html.ShouldContain("Quarterly call");
        html.ShouldContain("<strong>tea</strong>");
        (await s.Ui.SubmitFormAsync($"/accounts/{account}", $"/accounts/{account}/notes", new() { ["body"] = "Account note" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await GetAsync(s.Ui, $"/accounts/{account}")).Html.ShouldContain("Account note");

        // Another workspace's contact: the composer is a 404 too.
        var other = await app.SignUpAsync("Elsewhere");
        using var otherApi = app.ApiClient(other.ApiKey);
        var foreign = await CreateAsync(otherApi, "/api/v1/contacts", new { firstName = "Foreign" });
        (await s.Ui.SubmitFormAsync(page, $"/contacts/{foreign}/notes", new() { ["body"] = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(s.Ui, $"/contacts/{foreign}/timeline", htmx: true)).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
