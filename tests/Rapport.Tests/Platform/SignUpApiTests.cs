using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class SignUpApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task First_sign_up_creates_workspace_owner_and_key_then_closes(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider); // the first sign-up of an instance
        using var client = app.CreateClient();
        var response = await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "Acme", name = "Ana", email = "Ana@Example.com", password = "correct horse battery" });
        var body = await response.ShouldBeAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/api/v1/workspace");
        var key = body.GetProperty("apiKey").GetString()!;
        key.ShouldStartWith("rpk_");
        Guid.Parse(body.GetProperty("workspaceId").GetString()!);
        Guid.Parse(body.GetProperty("userId").GetString()!);

        using var api = app.ApiClient(key);
        var me = await (await api.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);
        me.GetProperty("workspaceName").GetString().ShouldBe("Acme");
        me.GetProperty("role").GetString().ShouldBe("owner");
        me.GetProperty("workspaceId").GetString().ShouldBe(body.GetProperty("workspaceId").GetString());
        me.GetProperty("apiKeyId").GetString().ShouldNotBeNull();
        me.TryGetProperty("userId", out _).ShouldBeFalse("a key is not a person: /me names one or the other");

        var again = await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "Other", name = "Bo", email = "bo@example.com", password = "correct horse battery" });
        await again.ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Sign_up_stays_open_with_AllowSignup(DatabaseProvider provider)
    {
        var app = App(provider);
        await app.SignUpAsync("One");
        await app.SignUpAsync("Two");
    }

    [Fact]
    public async Task Bad_sign_ups_name_the_field_and_create_nothing()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        var missing = await (await client.PostJsonAsync("/api/v1/signup", new { name = "Ana" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var errors = missing.GetProperty("errors");
        errors.TryGetProperty("workspaceName", out _).ShouldBeTrue();
        errors.TryGetProperty("email", out _).ShouldBeTrue();
        errors.TryGetProperty("password", out _).ShouldBeTrue();

        var shortPw = await (await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "A", name = "Ana", email = "a@example.com", password = "short" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        shortPw.GetProperty("errors").GetProperty("password")[0].GetString()!.ShouldContain("10 characters");

        var common = await (await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "A", name = "Ana", email = "a@example.com", password = "password123" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        common.GetProperty("errors").GetProperty("password")[0].GetString()!.ShouldContain("common");

        var badEmail = await (await client.PostJsonAsync("/api/v1/signup", new { workspaceName = "A", name = "Ana", email = "not-an-email", password = "correct horse battery" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        badEmail.GetProperty("errors").TryGetProperty("email", out _).ShouldBeTrue();

        var wrongType = await (await client.SendRawAsync(HttpMethod.Post, "/api/v1/signup", """{"workspaceName": 42, "name":"Ana","email":"a@example.com","password":"correct horse battery"}""")).ShouldBeAsync(HttpStatusCode.BadRequest);
        wrongType.GetProperty("errors").TryGetProperty("workspaceName", out _).ShouldBeTrue();

        var malformed = await (await client.SendRawAsync(HttpMethod.Post, "/api/v1/signup", """{"workspaceName": "A", """)).ShouldBeAsync(HttpStatusCode.BadRequest);
        malformed.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();

        var empty = await client.SendRawAsync(HttpMethod.Post, "/api/v1/signup", "");
        await empty.ShouldBeAsync(HttpStatusCode.BadRequest);

        var notJson = await client.SendRawAsync(HttpMethod.Post, "/api/v1/signup", "workspaceName=A", "text/plain");
        await notJson.ShouldBeAsync(HttpStatusCode.UnsupportedMediaType);

        // Nothing was created, so sign-up is still open.
        await app.SignUpAsync();
    }
}
