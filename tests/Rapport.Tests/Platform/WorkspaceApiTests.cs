using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

public class WorkspaceApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Settings_are_read_with_an_etag_and_patched_with_if_match(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);

        var get = await api.GetAsync("/api/v1/workspace");
        var w = await get.ShouldBeAsync(HttpStatusCode.OK);
        w.GetProperty("name").GetString().ShouldBe("Acme");
        w.GetProperty("baseCurrency").GetString().ShouldBe("USD");
        var etag = get.Headers.ETag!.ToString();

        var patched = await api.PatchJsonAsync("/api/v1/workspace",
            new { name = "Acme Europe", defaultCountry = "fr", timeZone = "Europe/Paris", locale = "fr-FR", baseCurrency = "eur", fiscalYearStartMonth = 4 }, etag);
        var p = await patched.ShouldBeAsync(HttpStatusCode.OK);
        p.GetProperty("name").GetString().ShouldBe("Acme Europe");
        p.GetProperty("defaultCountry").GetString().ShouldBe("FR");
        p.GetProperty("baseCurrency").GetString().ShouldBe("EUR");
        p.GetProperty("fiscalYearStartMonth").GetInt32().ShouldBe(4);
        patched.Headers.ETag!.ToString().ShouldNotBe(etag);

        // The old ETag is stale now: 412 and nothing changes.
        await (await api.PatchJsonAsync("/api/v1/workspace", new { name = "Lost update" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        // Without If-Match the last write wins.
        await (await api.PatchJsonAsync("/api/v1/workspace", new { locale = "en-GB" })).ShouldBeAsync(HttpStatusCode.OK);
        var now = await (await api.GetAsync("/api/v1/workspace")).ShouldBeAsync(HttpStatusCode.OK);
        now.GetProperty("name").GetString().ShouldBe("Acme Europe");
        now.GetProperty("locale").GetString().ShouldBe("en-GB");
    }

    [Fact]
    public async Task Invalid_settings_are_400_per_field_and_change_nothing()
    {
        var app = App(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var bad = await (await api.PatchJsonAsync("/api/v1/workspace",
            new { name = "Renamed", defaultCountry = "XX", timeZone = "Mars/Olympus", baseCurrency = "ZZZ", fiscalYearStartMonth = 13, colour = "red" }))
            .ShouldBeAsync(HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "defaultCountry", "timeZone", "baseCurrency", "fiscalYearStartMonth", "colour" })
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        var w = await (await api.GetAsync("/api/v1/workspace")).ShouldBeAsync(HttpStatusCode.OK);
        w.GetProperty("name").GetString().ShouldBe("Acme");

        await (await api.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", "[1,2]")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { name = "x" }, "\"not-a-version\"")).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Only_admins_change_settings()
    {
        var app = App(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var manager = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "m", role = "manager" })).ShouldBeAsync(HttpStatusCode.Created);
        using var managerApi = app.ApiClient(manager.GetProperty("key").GetString()!);
        await (await managerApi.GetAsync("/api/v1/workspace")).ShouldBeAsync(HttpStatusCode.OK);
        await (await managerApi.PatchJsonAsync("/api/v1/workspace", new { name = "Mine" })).ShouldBeAsync(HttpStatusCode.Forbidden);
    }
}
