using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Web;

/// <summary>Security headers on pages, API responses, static files; the public form's own frame-ancestors.</summary>
public class SecurityHeadersTests(SharedApps apps) : SharedAppTests(apps)
{
    private static string Csp(HttpResponseMessage r) => r.Headers.TryGetValues("Content-Security-Policy", out var v) ? string.Join(",", v) : "";

    private static void ShouldHaveStrictHeaders(HttpResponseMessage r)
    {
        var csp = Csp(r);
        var what = $"{r.RequestMessage?.RequestUri}: {csp}";
        csp.ShouldContain("script-src 'self';", Case.Sensitive, what);
        csp.ShouldNotContain("unsafe-eval", Case.Sensitive, what);
        csp.ShouldNotContain("script-src 'self' 'unsafe-inline'", Case.Sensitive, what);
        csp.ShouldContain("object-src 'none'", Case.Sensitive, what);
        csp.ShouldContain("base-uri 'self'", Case.Sensitive, what);
        csp.ShouldContain("form-action 'self'", Case.Sensitive, what);
        csp.ShouldContain("frame-ancestors 'none'", Case.Sensitive, what);
        r.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], what);
        r.Headers.GetValues("Referrer-Policy").ShouldBe(["strict-origin-when-cross-origin"], what);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Pages_API_responses_and_files_carry_the_headers(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        using var browser = app.CreateClient();

        var page = await browser.GetAsync("/signin");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHaveStrictHeaders(page);

        var me = await api.GetAsync("/api/v1/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHaveStrictHeaders(me);

        // Problems too: the exception handler and status pages rewrite the response.
        var missing = await api.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ShouldHaveStrictHeaders(missing);

        var script = await browser.GetAsync("/js/app.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);

        // No HSTS over plain http, nor in Development.
        page.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_public_form_may_be_framed_by_its_allowed_origins_only(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var form = await (await api.PostJsonAsync("/api/v1/forms", new
        {
            name = "Contact us",
            fields = new object[] { new { key = "email", label = "E-mail", type = "email", required = true } },
            allowedOrigins = new[] { "https://www.example.com/", "http://shop.example.org:8080" },
            redirectUrl = "https://www.example.com/thanks?from=form",
        })).ShouldBeAsync(HttpStatusCode.Created);
        var id = form.GetProperty("id").GetString();
        using var visitor = app.CreateClient();

        foreach (var url in new[] { $"/f/{id}", $"/f/{id}/thanks" })
        {
            var page = await visitor.GetAsync(url);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var csp = Csp(page);
            csp.ShouldContain("frame-ancestors 'self' https://www.example.com http://shop.example.org:8080", Case.Sensitive, csp);
            csp.ShouldNotContain("frame-ancestors 'none'");
            // After a submission the browser follows the redirect to the form's redirect URL: form-action allows its origin.
            csp.ShouldContain("form-action 'self' https://www.example.com;", Case.Sensitive, csp);
            csp.ShouldContain("script-src 'self';");
            csp.ShouldContain("object-src 'none'");
            page.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        }

        // A submission with errors re-renders the form (in its iframe): still framable by those origins.
        var invalid = await visitor.PostAsync($"/api/v1/forms/{id}/submissions", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "nope" }));
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Csp(invalid).ShouldContain("frame-ancestors 'self' https://www.example.com http://shop.example.org:8080");

        // Another form without origins: not framable by other sites.
        var closed = await (await api.PostJsonAsync("/api/v1/forms", new
        {
            name = "Closed",
            fields = new object[] { new { key = "email", label = "E-mail", type = "email", required = true } },
        })).ShouldBeAsync(HttpStatusCode.Created);
        var closedCsp = Csp(await visitor.GetAsync($"/f/{closed.GetProperty("id").GetString()}"));
        closedCsp.ShouldContain("frame-ancestors 'self'", Case.Sensitive, closedCsp);
        closedCsp.ShouldContain("form-action 'self';", Case.Sensitive, closedCsp);
    }

    [Fact]
    public async Task The_API_reference_has_its_own_policy_and_HSTS_is_sent_over_https_outside_Development()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite, new() { ["environment"] = "Production" });
        await app.SignUpAsync("Acme");
        using var client = app.CreateClient();
        client.BaseAddress = new Uri("https://crm.example.com");

        var docs = await client.GetAsync("/api/docs/index.html");
        docs.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = Csp(docs);
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("script-src 'self' 'unsafe-inline'");
        docs.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();

        var page = await client.GetAsync("/signin");
        ShouldHaveStrictHeaders(page);
        page.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=");
    }
}
