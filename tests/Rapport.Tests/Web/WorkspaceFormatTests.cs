using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Rapport.Web.Shared;
using Shouldly;

namespace Rapport.Tests.Web;

public class WorkspaceFormatTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(-30, "30 seconds ago")]
    [InlineData(-3 * 24 * 3600, "3 days ago")]
    [InlineData(-2 * 3600, "2 hours ago")]
    [InlineData(7 * 24 * 3600, "7 days from now")]
    public void Relative_dates_read_naturally(int seconds, string expected) =>
        WorkspaceFormat.Describe(Now.AddSeconds(seconds), Now).ShouldBe(expected);

    [Fact]
    public async Task Exact_times_on_pages_use_the_workspace_time_zone()
    {
        await using var app = new RapportApp(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync("Acme", "ana@example.com");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { timeZone = "Asia/Tokyo", locale = "en-GB" })).ShouldBeAsync(HttpStatusCode.OK);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await (await ui.GetAsync("/settings/api-keys")).Content.ReadAsStringAsync();
        html.ShouldContain("(Asia/Tokyo)");
    }
    [Theory, SqliteData, PostgresData]
    public async Task Concurrent_callers_on_one_request_share_a_single_read_of_the_workspace(DatabaseProvider provider)
    {
        // Several RelativeTime components of one page ask at once, on one DbContext: a second query
        // started while the first runs was an intermittent 500 on PostgreSQL.
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme", "ana@example.com");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { timeZone = "Asia/Tokyo", locale = "en-GB" })).ShouldBeAsync(HttpStatusCode.OK);
        for (var round = 0; round < 5; round++)
        {
            var texts = await app.InWorkspaceAsync(owner.WorkspaceId, async sp =>
            {
                var fmt = sp.GetRequiredService<WorkspaceFormat>();
                var calls = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? fmt.ExactAsync(Now.AddHours(i)).AsTask() : LoadThenExact(fmt, Now.AddHours(i)));
                return await Task.WhenAll(calls);
            });
            texts.ShouldAllBe(t => t.EndsWith("(Asia/Tokyo)"));
            texts[0].ShouldContain("21:00"); // 12:00 UTC in Tokyo
        }

        static async Task<string> LoadThenExact(WorkspaceFormat fmt, DateTime at)
        {
            await fmt.LoadAsync();
            fmt.Zone.Id.ShouldBe("Asia/Tokyo");
            return await fmt.ExactAsync(at);
        }
    }
}
