using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class ApiKeyApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Keys_are_shown_once_listed_without_secret_and_revocable(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);

        var created = await api.PostJsonAsync("/api/v1/api-keys", new { name = "Zapier", role = "sales" });
        var body = await created.ShouldBeAsync(HttpStatusCode.Created);
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("id").GetString()!;
        key.ShouldStartWith("rpk_");
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/api-keys/{id}");

        var list = await (await api.GetAsync("/api/v1/api-keys")).ShouldBeAsync(HttpStatusCode.OK);
        var listed = list.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        listed.GetProperty("name").GetString().ShouldBe("Zapier");
        listed.GetProperty("role").GetString().ShouldBe("sales");
        listed.TryGetProperty("key", out _).ShouldBeFalse();
        listed.TryGetProperty("keyHash", out _).ShouldBeFalse();
        list.GetRawText().ShouldNotContain(key);

        using var sales = app.ApiClient(key);
        var me = await (await sales.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);
        me.GetProperty("role").GetString().ShouldBe("sales");
        // Only admins and owners manage keys.
        await (await sales.GetAsync("/api/v1/api-keys")).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await sales.PostJsonAsync("/api/v1/api-keys", new { name = "x", role = "owner" })).ShouldBeAsync(HttpStatusCode.Forbidden);

        var listedAgain = await (await api.GetAsync("/api/v1/api-keys")).ShouldBeAsync(HttpStatusCode.OK);
        listedAgain.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id)
            .GetProperty("lastUsedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);

        await (await api.DeleteAsync($"/api/v1/api-keys/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await sales.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_malformed_and_unknown_keys_get_401_problems()
    {
        var app = App(DatabaseProvider.Sqlite);
        await app.SignUpAsync();
        using var anonymous = app.CreateClient();
        var none = await anonymous.GetAsync("/api/v1/me");
        await none.ShouldBeAsync(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        using var wrong = app.ApiClient("rpk_0000000000000000000000000000000000000000000000");
        await (await wrong.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.Unauthorized);
        using var basic = app.CreateClient();
        basic.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        await (await basic.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_key_requests_are_400_and_owner_keys_need_an_owner()
    {
        var app = App(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var bad = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "", role = "wizard" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
        bad.GetProperty("errors").TryGetProperty("role", out _).ShouldBeTrue();

        var admin = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "admin", role = "admin" })).ShouldBeAsync(HttpStatusCode.Created);
        using var adminApi = app.ApiClient(admin.GetProperty("key").GetString()!);
        await (await adminApi.PostJsonAsync("/api/v1/api-keys", new { name = "o", role = "owner" })).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await adminApi.PostJsonAsync("/api/v1/api-keys", new { name = "s", role = "support" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.DeleteAsync($"/api/v1/api-keys/{Guid.NewGuid()}")).ShouldBeAsync(HttpStatusCode.NotFound);
    }
}
