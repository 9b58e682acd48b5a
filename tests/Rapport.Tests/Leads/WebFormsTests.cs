using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

public class WebFormsTests(SharedApps apps) : SharedAppTests(apps)
{
    private static async Task<string> CreateFormAsync(HttpClient api, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Contact us",
            ["fields"] = new object[]
            {
                new { key = "email", label = "Work e-mail", type = "email", required = true },
                new { key = "firstName", label = "First name", type = "text", required = false },
                new { key = "lastName", label = "Last name", type = "text", required = false },
                new { key = "company", label = "Company", type = "text", required = false },
                new { key = "message", label = "How can we help?", type = "longText", required = false },
            },
            ["consentText"] = "Send me product news by e-mail",
            ["thankYouMessage"] = "Thanks, we'll call you.",
            ["allowedOrigins"] = new[] { "https://www.example.com/" },
            ["campaign"] = "Spring 2026",
        };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var form = await (await api.PostJsonAsync("/api/v1/forms", body)).ShouldBeAsync(HttpStatusCode.Created);
        form.GetProperty("allowedOrigins")[0].GetString().ShouldBe("https://www.example.com");
        return form.GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> PostJson(HttpClient client, string url, object body, string? origin = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        if (origin is not null) req.Headers.Add("Origin", origin);
        return client.SendAsync(req);
    }

    private static async Task<int> CountAsync(HttpClient api, string url) =>
        (await (await api.GetAsync(url)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength();

    [Theory, SqliteData, PostgresData]
    public async Task A_public_json_submission_creates_a_scored_lead_and_cors_answers_allowed_origins_only(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PostJsonAsync("/api/v1/scoring-rules", new { kind = "engagement", eventType = "formSubmitted", points = 10 })).ShouldBeAsync(HttpStatusCode.Created);
        var formId = await CreateFormAsync(api);
        var url = $"/api/v1/forms/{formId}/submissions";
        using var anon = app.CreateClient();

        var ok = await PostJson(anon, url, new { email = "Jane@Globex.example", firstName = "Jane", lastName = "Doe", company = "Globex", message = "Call me", consent = true }, "https://www.example.com");
        await ok.ShouldBeAsync(HttpStatusCode.Accepted);
        ok.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("https://www.example.com");
        var leads = await (await api.GetAsync("/api/v1/leads")).ShouldBeAsync(HttpStatusCode.OK);
        var lead = leads.GetProperty("items").EnumerateArray().Single();
        lead.GetProperty("email").GetString().ShouldBe("jane@globex.example");
        lead.GetProperty("source").GetString().ShouldBe("webForm");
        lead.GetProperty("campaign").GetString().ShouldBe("Spring 2026");
        lead.GetProperty("score").GetInt32().ShouldBe(10);
        lead.GetProperty("consent").GetProperty("email").GetProperty("status").GetString().ShouldBe("granted");
        var subs = await (await api.GetAsync($"/api/v1/forms/{formId}/submissions")).ShouldBeAsync(HttpStatusCode.OK);
        subs.GetProperty("items")[0].GetProperty("data").GetProperty("message").GetString().ShouldBe("Call me");
        subs.GetProperty("items")[0].GetProperty("outcome").GetString().ShouldBe("createdLead");

        // Another site: refused, and no CORS header. A preflight only answers the allowed origin.
        var evil = await PostJson(anon, url, new { email = "x@y.example" }, "https://evil.example");
        await evil.ShouldBeAsync(HttpStatusCode.Forbidden);
        evil.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        var pre = new HttpRequestMessage(HttpMethod.Options, url);
        pre.Headers.Add("Origin", "https://www.example.com");
        pre.Headers.Add("Access-Control-Request-Method", "POST");
        var preflight = await anon.SendAsync(pre);
        preflight.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        preflight.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("https://www.example.com");
        var pre2 = new HttpRequestMessage(HttpMethod.Options, url);
        pre2.Headers.Add("Origin", "https://evil.example");
        (await anon.SendAsync(pre2)).Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();

        // Validation: 400 with the field named; unknown form: 404; not JSON nor a form: 415.
        var invalid = await (await PostJson(anon, url, new { firstName = "No e-mail" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").TryGetProperty("email", out _).ShouldBeTrue();
        (await (await PostJson(anon, url, new { email = "not an address" })).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _).ShouldBeTrue();
        await (await PostJson(anon, url, new { email = new[] { 1 } })).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await anon.SendRawAsync(HttpMethod.Post, url, "[1,2")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await PostJson(anon, $"/api/v1/forms/{Guid.NewGuid()}/submissions", new { email = "a@b.example" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await anon.SendRawAsync(HttpMethod.Post, url, "hello", "text/plain")).ShouldBeAsync(HttpStatusCode.UnsupportedMediaType);

        // The honeypot: accepted, nothing stored.
        await (await PostJson(anon, url, new { email = "bot@spam.example", website = "http://spam.example" })).ShouldBeAsync(HttpStatusCode.Accepted);
        (await CountAsync(api, "/api/v1/leads")).ShouldBe(1);
        (await CountAsync(api, $"/api/v1/forms/{formId}/submissions")).ShouldBe(1);

        // The same person again: logged on the lead, no duplicate.
        await (await PostJson(anon, url, new { email = "jane@globex.example", message = "Still waiting" })).ShouldBeAsync(HttpStatusCode.Accepted);
        (await CountAsync(api, "/api/v1/leads")).ShouldBe(1);
        var timeline = await (await api.GetAsync($"/api/v1/leads/{lead.GetProperty("id").GetString()}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        timeline.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("type").GetString() == "formSubmission").ShouldBe(2);
        (await (await api.GetAsync($"/api/v1/leads/{lead.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("score").GetInt32().ShouldBe(20);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_html_form_post_redirects_with_303_and_errors_come_back_on_the_page(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var formId = await CreateFormAsync(api);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await browser.GetAsync($"/f/{formId}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain($"action=\"/api/v1/forms/{formId}/submissions\"");
        html.ShouldContain("name=\"website\"");
        html.ShouldContain("Send me product news by e-mail");
        html.ShouldNotContain("sidebar");
        (await browser.GetAsync($"/f/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var url = $"/api/v1/forms/{formId}/submissions";
        var posted = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "sam@initech.example", ["firstName"] = "Sam", ["consent"] = "true", ["website"] = "" }));
        posted.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        posted.Headers.Location!.ToString().ShouldBe($"/f/{formId}/thanks");
        (await (await browser.GetAsync($"/f/{formId}/thanks")).Content.ReadAsStringAsync()).ShouldContain("Thanks, we&#x27;ll call you.");
        (await CountAsync(api, "/api/v1/leads")).ShouldBe(1);

        var invalid = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "", ["firstName"] = "Kept" }));
        invalid.StatusCode.ShouldBe((HttpStatusCode)422);
        var again = await invalid.Content.ReadAsStringAsync();
        again.ShouldContain("id=\"email-error\"");
        again.ShouldContain("value=\"Kept\"");

        var spam = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "bot@spam.example", ["website"] = "buy.example" }));
        spam.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await CountAsync(api, "/api/v1/leads")).ShouldBe(1);

        await (await api.PatchJsonAsync($"/api/v1/forms/{formId}", new { redirectUrl = "https://www.example.com/thanks" })).ShouldBeAsync(HttpStatusCode.OK);
        var redirected = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "kim@hooli.example" }));
        redirected.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        redirected.Headers.Location!.ToString().ShouldBe("https://www.example.com/thanks");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_known_contact_gets_the_submission_on_their_timeline_and_consent_in_the_ledger(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var contact = await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        var contactId = contact.GetProperty("id").GetString();
        var formId = await CreateFormAsync(api);
        using var anon = app.CreateClient();
        await (await PostJson(anon, $"/api/v1/forms/{formId}/submissions", new { email = "ADA@example.com", message = "Demo please", consent = "on" })).ShouldBeAsync(HttpStatusCode.Accepted);

        (await CountAsync(api, "/api/v1/leads")).ShouldBe(0);
        var timeline = await (await api.GetAsync($"/api/v1/contacts/{contactId}/timeline?type=formSubmission")).ShouldBeAsync(HttpStatusCode.OK);
        var item = timeline.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("title").GetString().ShouldBe("Submitted the web form 'Contact us'");
        item.GetProperty("body").GetString().ShouldBe("Demo please");
        var after = await (await api.GetAsync($"/api/v1/contacts/{contactId}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("consent").GetProperty("email").GetProperty("status").GetString().ShouldBe("granted");
        after.GetProperty("consent").GetProperty("email").GetProperty("source").GetString().ShouldBe("web form 'Contact us'");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Submissions_are_rate_limited_per_ip(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["RateLimits:FormSubmissionsPerMinute"] = "3" });
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var formId = await CreateFormAsync(api);
        using var anon = app.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await PostJson(anon, $"/api/v1/forms/{formId}/submissions", new { email = $"p{i}@example.org" })).ShouldBeAsync(HttpStatusCode.Accepted);
        var limited = await PostJson(anon, $"/api/v1/forms/{formId}/submissions", new { email = "p4@example.org" });
        await limited.ShouldBeAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_form_builder_api_checks_fields_and_origins(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var bad = await (await api.PostJsonAsync("/api/v1/forms", new
        {
            name = "",
            fields = new object[] { new { key = "website", label = "Site", type = "text", required = false }, new { key = "shoeSize", label = "x", type = "text", required = false }, new { key = "email", label = "E", type = "colour", required = false } },
            allowedOrigins = new[] { "https://example.com/page", "ftp://x.example" },
            redirectUrl = "javascript:alert(1)",
        })).ShouldBeAsync(HttpStatusCode.BadRequest);
        foreach (var f in new[] { "name", "fields[0].key", "fields[1].key", "fields[2].type", "allowedOrigins[0]", "allowedOrigins[1]", "redirectUrl" })
            bad.GetProperty("errors").TryGetProperty(f, out _).ShouldBeTrue(f);
        await (await api.PostJsonAsync("/api/v1/forms", new { name = "Empty", fields = Array.Empty<object>() })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var id = await CreateFormAsync(api);
        var get = await api.GetAsync($"/api/v1/forms/{id}");
        var form = await get.ShouldBeAsync(HttpStatusCode.OK);
        form.GetProperty("fields").GetArrayLength().ShouldBe(5);
        form.GetProperty("publicUrl").GetString().ShouldBe($"/f/{id}");
        await (await api.PatchJsonAsync($"/api/v1/forms/{id}", new { name = "Renamed" }, get.Headers.ETag!.ToString())).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.PatchJsonAsync($"/api/v1/forms/{id}", new { name = "Stale" }, get.Headers.ETag!.ToString())).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        await (await api.DeleteAsync($"/api/v1/forms/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        using var anon = app.CreateClient();
        (await anon.GetAsync($"/f/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
