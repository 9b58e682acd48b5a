using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>The top bar: Ctrl+K search palette, notifications bell; and the My tasks page.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class SearchAndTasksTests(SharedServer server)
{
    private async Task<HttpClient> ApiAsync(RapportServer.Account owner)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.ApiKey);
        return await Task.FromResult(http);
    }

    [BrowserFact]
    public async Task Ctrl_K_finds_a_contact_by_a_misspelled_name_and_by_phone()
    {
        var owner = await server.SignUpAsync("Search Co");
        using var api = await ApiAsync(owner);
        (await api.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Margaret", lastName = "Hamilton", phone = "+1 617 555 0142", email = "margaret@apollo.example" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Katherine", lastName = "Johnson" })).EnsureSuccessStatusCode();

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.Keyboard.PressAsync("Control+k");
        await Expect(page.Locator("#global-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Hamiltn");
        var results = page.Locator("#palette .palette-results a");
        await Expect(results.First).ToContainTextAsync("Margaret Hamilton");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("search-palette") });

        await page.Locator("#global-search").FillAsync("(617) 555-0142");
        await Expect(results.First).ToContainTextAsync("Margaret Hamilton");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/contacts/*");

        // Without JavaScript's palette, the box submits to a results page.
        await page.GotoAsync("/search?q=katherin");
        await Expect(page.Locator(".palette-results")).ToContainTextAsync("Katherine Johnson");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task My_tasks_groups_by_due_date_and_a_mention_rings_the_bell()
    {
        var owner = await server.SignUpAsync("Tasks Co");
        using var api = await ApiAsync(owner);
        var contact = await (await api.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Byron" })).Content.ReadFromJsonAsync<JsonElement>();
        var contactId = contact.GetProperty("id").GetString();
        (await api.PostAsJsonAsync("/api/v1/tasks", new { title = "Send the overdue quote", dueAt = DateTime.UtcNow.AddDays(-2), contactId })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/tasks", new { title = "Plan the kickoff", dueAt = DateTime.UtcNow.AddDays(5) })).EnsureSuccessStatusCode();

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "My tasks" }).ClickAsync();
        await Expect(page.Locator(".task-bucket-overdue")).ToContainTextAsync("Send the overdue quote");
        await Expect(page.Locator(".task-bucket-upcoming")).ToContainTextAsync("Plan the kickoff");

        await page.GetByLabel("New task").FillAsync("Call Ada back");
        await page.GetByLabel("New task").PressAsync("Enter");
        await Expect(Ui.Alert(page)).ToContainTextAsync("Task added");
        await Expect(page.Locator(".task-bucket-undated")).ToContainTextAsync("Call Ada back");

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark “Send the overdue quote” done" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Task completed");
        await Expect(page.Locator(".task-bucket-overdue")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("my-tasks"), FullPage = true });

        // The owner mentions a colleague in a note: the colleague's bell shows it, and opening it leads to the contact.
        var email = $"sam-{Guid.NewGuid():N}@example.com";
        var sam = await (await api.PostAsJsonAsync("/api/v1/users", new { email, name = "Sam Sales", role = "sales", password = "sam's long password" })).Content.ReadFromJsonAsync<JsonElement>();
        (await api.PostAsJsonAsync("/api/v1/notes", new { contactId, body = $"@[Sam Sales](user:{sam.GetProperty("id").GetString()}) can you call Ada?" })).EnsureSuccessStatusCode();
        var samPage = await server.NewPageAsync();
        await Ui.SignInAsync(samPage, email, "sam's long password");
        await Expect(samPage.Locator(".bell-count")).ToHaveTextAsync("1");
        await samPage.Locator(".bell").ClickAsync();
        await Expect(samPage.Locator(".notifications .unread")).ToContainTextAsync("mentioned you");
        await samPage.Locator(".notifications .unread button").ClickAsync();
        await samPage.WaitForURLAsync($"**/contacts/{contactId}");
        await Expect(samPage.Locator(".bell-count")).ToHaveCountAsync(0);
        await samPage.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
