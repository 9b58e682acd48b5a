using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Imports;

public class ImportPagesTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData]
    public async Task The_report_page_shows_the_done_message_and_the_history_lists_imports(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var report = await api.ImportAsync("First name,E-mail\nAda,ada@example.com\n");
        using var ui = app.UiClient();
        await ui.SignInAsync(owner.Email, owner.Password);
        var id = report.GetProperty("id").GetString();
        var page = await ui.GetAsync($"/imports/{id}?done=Hello%20there");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Hello there");
        html.ShouldContain("Undo import");
        var list = await (await ui.GetAsync("/imports")).Content.ReadAsStringAsync();
        list.ShouldContain("people.csv");
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_history_with_several_imports_renders_every_time(DatabaseProvider provider)
    {
        // Each row's RelativeTime reads the workspace's zone: they once queried one DbContext at once (an intermittent
        // 500 on PostgreSQL, fixed in WorkspaceFormat).
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        for (var i = 0; i < 3; i++) await api.ImportAsync($"First name,E-mail\nA,a{i}@example.com\n");
        using var ui = app.UiClient();
        await ui.SignInAsync(owner.Email, owner.Password);
        for (var i = 0; i < 20; i++) (await ui.GetAsync("/imports")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
