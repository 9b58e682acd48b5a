using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>The first-run "Explore with demo data" choice, on a server of its own (the first run happens once per server).</summary>
public sealed class DemoDataFirstRunTests(FirstRunServer server) : IClassFixture<FirstRunServer>
{
    [BrowserFact]
    public async Task First_run_with_demo_data_ticked_opens_a_filled_workspace()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/setup");
        var demo = page.GetByLabel("Explore with demo data");
        await Expect(demo).Not.ToBeCheckedAsync();
        await page.GetByLabel("Workspace name").FillAsync("Initech");
        await page.GetByLabel("Your name").FillAsync("Dana Demo");
        await page.GetByLabel("E-mail").FillAsync("dana@example.com");
        await page.GetByLabel("Password").FillAsync("a long demo passphrase");
        await demo.CheckAsync();
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("setup-demo-data"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspace is ready" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(Ui.Alert(page)).ToContainTextAsync("Demo data loaded: 50 accounts, 200 contacts");
        (await page.Locator("#api-key").InputValueAsync()).ShouldStartWith("rpk_");
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to Rapport" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Initech" })).ToBeVisibleAsync();

        // "My tasks" of the new owner has something in each bucket.
        await page.GotoAsync("/tasks");
        foreach (var bucket in new[] { "overdue", "today", "upcoming" })
            await Expect(page.Locator($"#bucket-{bucket}")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("demo-my-tasks"), FullPage = true });

        // The workspace is not empty any more: Settings no longer offers demo data.
        await page.GotoAsync("/settings/workspace");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load demo data" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}

/// <summary>Settings → Workspace offers demo data while the workspace is empty.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class DemoDataSettingsTests(SharedServer server)
{
    [BrowserFact]
    public async Task An_admin_loads_demo_data_from_settings_once()
    {
        var owner = await server.SignUpAsync("Empty Co");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings/workspace");
        var load = page.GetByRole(AriaRole.Button, new() { Name = "Load demo data" });
        await Expect(load).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("settings-demo-data"), FullPage = true });
        await load.ClickAsync();

        // Seeding takes a second or two, more on a busy CI machine: wait longer than Playwright's default 5 s.
        await Expect(page).ToHaveURLAsync(new Regex("/settings/workspace"), new() { Timeout = 30_000 });
        await Expect(Ui.Alert(page)).ToContainTextAsync("Demo data loaded: 50 accounts, 200 contacts, 1000 interactions, 200 notes, 150 tasks", new() { Timeout = 30_000 });
        await Expect(load).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
