using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

/// <summary>The lead pages and their Settings as a browser without JavaScript uses them.</summary>
public class LeadPagesTests(SharedApps apps) : SharedAppTests(apps)
{
    private static async Task<string> Html(HttpResponseMessage r) => await r.Content.ReadAsStringAsync();

    [Theory, SqliteData, PostgresData]
    public async Task Leads_are_listed_created_edited_assigned_and_converted_from_the_pages(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var empty = await ui.GetAsync("/leads");
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Html(empty)).ShouldContain("No leads yet.");

        // Settings: a scoring rule, an assignment rule, a web form.
        var rule = await ui.SubmitFormAsync("/settings/lead-scoring", "/settings/lead-scoring/rules", new() { ["kind"] = "fit", ["field"] = "title", ["operator"] = "contains", ["value"] = "Director", ["points"] = "15" });
        rule.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var badRule = await ui.SubmitFormAsync("/settings/lead-scoring", "/settings/lead-scoring/rules", new() { ["kind"] = "fit", ["field"] = "employees", ["operator"] = "greaterThan", ["value"] = "many", ["points"] = "5" });
        badRule.StatusCode.ShouldBe((HttpStatusCode)422);
        (await Html(badRule)).ShouldContain("id=\"value-error\"");
        (await ui.SubmitFormAsync("/settings/lead-scoring", "/settings/lead-scoring/settings", new() { ["halfLifeDays"] = "14" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Html(await ui.GetAsync("/settings/lead-scoring"))).ShouldContain("job title contains Director");
        (await ui.SubmitFormAsync("/settings/lead-assignment", "/settings/lead-assignment/rules", new()
        {
            ["name"] = "French leads", ["field0"] = "country", ["operator0"] = "equals", ["value0"] = "FR", ["method"] = "territory", ["territories"] = $"FR = {owner.Email}",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ui.SubmitFormAsync("/settings/lead-assignment", "/settings/lead-assignment/rules", new() { ["name"] = "x", ["method"] = "territory", ["territories"] = "FR = nobody" }))
            .StatusCode.ShouldBe((HttpStatusCode)422);
        (await Html(await ui.GetAsync("/settings/lead-assignment"))).ShouldContain("French leads");
        var created = await ui.SubmitFormAsync("/settings/lead-forms", "/settings/lead-forms", new()
        {
            ["name"] = "Demo request", ["include.email"] = "true", ["required.email"] = "true", ["include.lastName"] = "true", ["include.company"] = "true",
            ["withConsent"] = "true", ["consentText"] = "News please", ["allowedOrigins"] = "https://www.example.com",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var formPage = await Html(await ui.GetAsync(created.Headers.Location!.ToString()));
        formPage.ShouldContain("Share and embed");
        formPage.ShouldContain("name=&quot;website&quot;"); // the honeypot in the snippet
        (await ui.SubmitFormAsync("/settings/lead-forms", "/settings/lead-forms", new() { ["name"] = "" })).StatusCode.ShouldBe((HttpStatusCode)422);

        // A lead by hand: the rules assign and score it.
        var posted = await ui.SubmitFormAsync("/leads/new", "/leads", new() { ["firstName"] = "Marie", ["lastName"] = "Curie", ["title"] = "Research Director", ["country"] = "FR", ["status"] = "new", ["ownerId"] = "" });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var leadUrl = posted.Headers.Location!.ToString().Split('?')[0];
        var page = await Html(await ui.GetAsync(leadUrl));
        page.ShouldContain("&#x2B;15 job title contains Director"); // Razor encodes "+"
        page.ShouldContain("(by rule &#x27;French leads&#x27;)");
        var invalid = await ui.SubmitFormAsync("/leads/new", "/leads", new() { ["email"] = "nope" });
        invalid.StatusCode.ShouldBe((HttpStatusCode)422);
        (await Html(invalid)).ShouldContain("id=\"email-error\"");

        // The list: sortable, filtered.
        var list = await Html(await ui.GetAsync("/leads?status=&ownerId=&q=mar&sort=-score"));
        list.ShouldContain("Marie Curie");
        (await ui.GetAsync("/leads?status=lost")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Edit (stale version → the form comes back with a message), assign, convert.
        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        (await ui.SubmitFormAsync(leadUrl, leadUrl, new() { ["version"] = version, ["company"] = "Sorbonne", ["status"] = "working" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await ui.SubmitFormAsync(leadUrl, leadUrl, new() { ["version"] = version, ["company"] = "Lost" });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Html(stale)).ShouldContain("value=\"Lost\"");
        (await ui.SubmitFormAsync(leadUrl, leadUrl + "/assign", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var converted = await ui.SubmitFormAsync(leadUrl, leadUrl + "/convert", new());
        converted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        converted.Headers.Location!.ToString().ShouldStartWith("/contacts/");
        (await ui.GetAsync(converted.Headers.Location!.ToString())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await Html(await ui.GetAsync(leadUrl));
        after.ShouldContain("Converted");
        var again = await ui.SubmitFormAsync(leadUrl, leadUrl + "/convert", new());
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Html(again)).ShouldContain("already converted");
    }
}
