using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Rapport.Web.Shared;
using Shouldly;

namespace Rapport.Tests.Web;

public class WorkspaceFormatTests(SharedApps apps) : SharedAppTests(apps)
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
        var app = App(DatabaseProvider.Sqlite);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await (await api.PatchJsonAsync("/api/v1/workspace", new { timeZone = "Asia/Tokyo", locale = "en-GB" })).ShouldBeAsync(HttpStatusCode.OK);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await (await ui.GetAsync("/settings/api-keys")).Content.ReadAsStringAsync();
        html.ShouldContain("(Asia/Tokyo)");
    }
    [Theory, SqliteData, PostgresData]
    public async Task Concurrent_callers_on_one_request_are_safe_and_agree(DatabaseProvider provider)
    {
        // Several RelativeTime components of one page ask at once: a second query started on the
        // request's DbContext while the first ran was an intermittent 500 on PostgreSQL.
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
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
    [Theory, SqliteData, PostgresData]
    public async Task Pages_with_dates_render_without_two_queries_at_once_on_the_request_context(DatabaseProvider provider)
    {
        // The layout reads the user's workspaces while the page's components load their lookups and
        // the workspace's date format, all on the request's DbContext: on PostgreSQL that overlapped
        // (a 500 on about one page in four). The layout now renders the page after its own read, and
        // WorkspaceFormat reads in a scope of its own.
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var pipeline = await Rapport.Tests.Sales.SalesRecords.AddPipelineAsync(api);
        var contact = (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var deal = (await Rapport.Tests.Sales.SalesRecords.AddDealAsync(api, new { name = "Engine", contacts = new[] { new { contactId = contact } } })).GetProperty("id").GetString()!;
        await Rapport.Tests.Sales.SalesRecords.MoveAsync(api, deal, pipeline["Won"]);
        await (await api.PostJsonAsync("/api/v1/notes", new { contactId = contact, body = "Met at the fair." })).ShouldBeAsync(HttpStatusCode.Created);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        for (var i = 0; i < 8; i++)
            foreach (var url in new[] { $"/deals/{deal}", "/deals/board", "/deals", "/forecast", $"/contacts/{contact}", "/settings/audit" })
                (await ui.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
    }
}
