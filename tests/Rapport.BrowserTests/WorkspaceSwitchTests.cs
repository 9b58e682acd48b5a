using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

[Collection(SharedServerCollection.Name)]
public sealed class WorkspaceSwitchTests(SharedServer server)
{
    [BrowserFact]
    public async Task A_person_in_two_workspaces_switches_with_the_sidebar_selector()
    {
        var acme = await server.SignUpAsync("Acme Switch");
        var globex = await server.SignUpAsync("Globex Switch");
        // Acme's owner joins Globex as a manager (same login).
        using (var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", globex.ApiKey);
            (await http.PostAsJsonAsync("/api/v1/users", new { email = acme.Email, name = acme.Name, role = "manager", password = "unused for existing users" }))
                .EnsureSuccessStatusCode();
        }

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, acme.Email, acme.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Acme Switch" })).ToBeVisibleAsync();
        // Adding an existing login only invites it (issue #11): she accepts from the notice on her home page.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are invited to join Globex Switch as Manager.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Review invitations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation to Globex Switch" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Globex Switch" })).ToBeVisibleAsync();
        await page.GetByLabel("Workspace", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Acme Switch" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Acme Switch" })).ToBeVisibleAsync();

        var selector = page.GetByLabel("Workspace", new() { Exact = true });
        await Expect(selector).ToHaveValueAsync(new Regex(".+"));
        await selector.SelectOptionAsync(new SelectOptionValue { Label = "Globex Switch" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Globex Switch" })).ToBeVisibleAsync();
        // In Globex she is a manager: no Settings.
        await Expect(page.Locator(".sidebar nav")).Not.ToContainTextAsync("Settings");

        // The choice is kept in the session, not the URL: a reload stays in Globex.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Globex Switch" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
