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

    [Theory, SqliteData, PostgresData]
    public async Task The_report_pages_Import_for_real_button_runs_the_dry_run_with_its_file(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var dry = await api.ImportAsync("First name,E-mail\nAda,ada@example.com\n", fields: new() { ["dryRun"] = "true" });
        var id = dry.GetProperty("id").GetString();
        using var ui = app.UiClient();
        await ui.SignInAsync(owner.Email, owner.Password);

        var run = await ui.SubmitFormAsync($"/imports/{id}", $"/imports/{id}/run", []);
        run.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var realId = run.Headers.Location!.ToString().Split('/')[^1];
        realId.ShouldNotBe(id);
        var real = await api.WaitAsync(realId);
        real.GetProperty("dryRun").GetBoolean().ShouldBeFalse();
        real.Counts().ShouldBe((1, 0, 0, 0));
        (await api.ContactsAsync()).Single().GetProperty("email").GetString().ShouldBe("ada@example.com");
    }
}
