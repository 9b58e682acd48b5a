using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

public sealed class FirstRunTests(FirstRunServer server) : IClassFixture<FirstRunServer>
{
    [BrowserFact]
    public async Task First_run_sign_up_then_sign_in_and_create_an_api_key_shown_once()
    {
        var page = await server.NewPageAsync();
        const string email = "founder@example.com", password = "a long founder passphrase";

        // First run: the app sends everyone to /setup.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await page.GetByLabel("Workspace name").FillAsync("Globex");
        await page.GetByLabel("Your name").FillAsync("Frida Founder");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();

        // The first API key, once.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspace is ready" })).ToBeVisibleAsync();
        (await page.Locator("#api-key").InputValueAsync()).ShouldStartWith("rpk_");
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to Rapport" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Globex" })).ToBeVisibleAsync();

        await Ui.SignOutAsync(page);
        await Ui.SignInAsync(page, email, password);

        // Settings → API keys.
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/workspace$"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/api-keys$"));
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1); // the first-run key

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Website form");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("sales");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var key = page.Locator("#new-api-key");
        await Expect(key).ToBeVisibleAsync();
        (await key.InputValueAsync()).ShouldStartWith("rpk_");
        await Expect(page.GetByText("it will not be shown again")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/api-keys$"));
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table tbody tr", new() { HasText = "Website form" })).ToContainTextAsync("sales");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("api-keys"), FullPage = true });

        // Shown once: opening the page again does not show it.
        await page.ReloadAsync();
        await Expect(page.Locator("#new-api-key")).ToHaveCountAsync(0);

        await Ui.SignOutAsync(page);
        await page.Context.CloseAsync();
    }
}
