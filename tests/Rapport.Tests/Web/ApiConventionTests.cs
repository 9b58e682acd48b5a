using System.Net;
using System.Text;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Web;

public class ApiConventionTests(SharedApps apps) : SharedAppTests(apps)
{
    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_problems()
    {
        var app = App(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.GetAsync("/api/v1/nothing-here")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.PutAsync("/api/v1/me", new StringContent("{}", Encoding.UTF8, "application/json"))).ShouldBeAsync(HttpStatusCode.MethodNotAllowed);
        await (await api.GetAsync($"/api/v1/teams/{Guid.NewGuid()}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync("/api/v1/teams/not-a-guid")).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bodies_over_one_megabyte_are_413_and_change_nothing(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var big = "{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";
        await (await api.SendRawAsync(HttpMethod.Post, "/api/v1/teams", big)).ShouldBeAsync(HttpStatusCode.RequestEntityTooLarge);
        var teams = await (await api.GetAsync("/api/v1/teams")).ShouldBeAsync(HttpStatusCode.OK);
        teams.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lists_page_by_keyset_newest_first(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        for (var i = 0; i < 5; i++)
            await (await api.PostJsonAsync("/api/v1/teams", new { name = $"Team {i}" })).ShouldBeAsync(HttpStatusCode.Created);

        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await api.GetAsync("/api/v1/teams?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ShouldBeAsync(HttpStatusCode.OK);
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        pages.ShouldBe(3);
        names.ShouldBe(["Team 4", "Team 3", "Team 2", "Team 1", "Team 0"]);

        var all = await (await api.GetAsync("/api/v1/teams")).ShouldBeAsync(HttpStatusCode.OK);
        all.GetProperty("items").GetArrayLength().ShouldBe(5);
        all.GetProperty("nextCursor").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        (await (await api.GetAsync("/api/v1/teams?limit=0")).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
        await (await api.GetAsync("/api/v1/teams?limit=201")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/teams?limit=abc")).ShouldBeAsync(HttpStatusCode.BadRequest);
        (await (await api.GetAsync("/api/v1/teams?cursor=garbage!")).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("cursor", out _).ShouldBeTrue();
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_stale_if_match_is_412_and_changes_nothing(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var created = await (await api.PostJsonAsync("/api/v1/teams", new { name = "Inside sales" })).ShouldBeAsync(HttpStatusCode.Created);
        var url = $"/api/v1/teams/{created.GetProperty("id").GetString()}";
        var get = await api.GetAsync(url);
        var etag = get.Headers.ETag!.ToString();

        var renamed = await api.PatchJsonAsync(url, new { name = "Inside sales EMEA" }, etag);
        await renamed.ShouldBeAsync(HttpStatusCode.OK);
        renamed.Headers.ETag!.ToString().ShouldNotBe(etag);

        await (await api.PatchJsonAsync(url, new { name = "Lost update" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        (await (await api.GetAsync(url)).JsonAsync()).GetProperty("name").GetString().ShouldBe("Inside sales EMEA");
        await (await api.PatchJsonAsync(url, new { name = "Inside sales Europe" }, renamed.Headers.ETag!.ToString())).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_rate_limit_per_key_answers_429_with_retry_after()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite, new() { ["RateLimits:ApiPerMinute"] = "5" });
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var second = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "second", role = "sales" })).ShouldBeAsync(HttpStatusCode.Created);
        for (var i = 0; i < 4; i++) await (await api.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);
        var limited = await api.GetAsync("/api/v1/me");
        await limited.ShouldBeAsync(HttpStatusCode.TooManyRequests);
        int.Parse(limited.Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThan(0);
        // Another key has its own budget.
        using var other = app.ApiClient(second.GetProperty("key").GetString()!);
        await (await other.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_up_and_sign_in_are_limited_per_ip()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite, new() { ["RateLimits:SignInPerMinute"] = "3" });
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var limited = await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "" });
        await limited.ShouldBeAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.Contains("Retry-After").ShouldBeTrue();

        // The sign-in form shares the budget, and a person gets a page rather than JSON.
        var form = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@example.com", ["password"] = "whatever it is" }));
        form.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        form.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await form.Content.ReadAsStringAsync()).ShouldContain("Too many sign-in attempts");
    }

    [Fact]
    public async Task OpenApi_lists_api_routes_only_and_the_reference_page_is_served()
    {
        var app = App(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        doc.ShouldContain("/api/v1/me");
        doc.ShouldContain("/api/v1/api-keys");
        doc.ShouldContain("/api/v1/signup");
        doc.ShouldNotContain("\"/signin\"");
        using var json = System.Text.Json.JsonDocument.Parse(doc);
        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(p => p.Name).ToList();
        schemas.ShouldContain("SignUpRequest");
        schemas.ShouldContain("CreateApiKeyRequest");
        schemas.ShouldNotContain("Request", "nested use-case types must not share one schema name");
        json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString().ShouldBe("bearer");
        json.RootElement.GetProperty("paths").GetProperty("/api/v1/signup").GetProperty("post").GetProperty("security").GetArrayLength().ShouldBe(0);
        doc.ShouldNotContain("\"/settings");
        var page = await client.GetAsync("/api/docs/index.html");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("swagger");
    }
}
