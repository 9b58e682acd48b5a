using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>Notes and tasks on a deal's page and on a lead's page (issue #12: activities on any record).</summary>
public sealed class RecordActivitiesTests(SharedServer server) : IClassFixture<SharedServer>
{
    private async Task<string> CreateAsync(RapportServer.Account owner, string path, object body)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.ApiKey);
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task AddNoteAndTaskAsync(IPage page, string note, string task)
    {
        var section = page.Locator("section.record-activities");
        await section.Locator("textarea[name=body]").FillAsync(note);
        await section.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.GetByText(note).First).ToBeVisibleAsync();
        await section.Locator("input[name=title]").FillAsync(task);
        await section.Locator("input[name=dueDate]").FillAsync("2030-01-15");
        await page.Locator("section.record-activities").GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Expect(page.GetByText(task).First).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_note_and_a_task_are_added_on_a_deal_page_and_on_a_lead_page()
    {
        var owner = await server.SignUpAsync("Targets");
        await CreateAsync(owner, "/api/v1/pipelines", new
        {
            name = "New business",
            stages = new object[] { new { name = "Qualification", probability = 10, type = "open" }, new { name = "Won", probability = 100, type = "won" } },
        });
        var deal = await CreateAsync(owner, "/api/v1/deals", new { name = "Kernel deal" });
        var lead = await CreateAsync(owner, "/api/v1/leads", new { lastName = "Kernel lead", company = "Acme" });
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);

        await page.GotoAsync($"{server.BaseUrl}/deals/{deal}");
        var openTasks = page.Locator("section.record-activities");
        await Expect(openTasks.GetByText("No open tasks")).ToBeVisibleAsync();
        await AddNoteAndTaskAsync(page, "Budget confirmed by the CFO", "Send the contract draft");
        var listed = openTasks.Locator("ul.record-open-tasks li", new() { HasText = "Send the contract draft" });
        await Expect(listed).ToBeVisibleAsync();
        await Expect(listed).ToContainTextAsync(owner.Name); // the assignee's name, never a raw id
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("deal-notes-tasks"), FullPage = true });
        await listed.GetByRole(AriaRole.Button, new() { Name = "Mark “Send the contract draft” done" }).ClickAsync();
        await Expect(page.GetByText("Task “Send the contract draft” completed.")).ToBeVisibleAsync();
        await Expect(openTasks.Locator("ul.record-open-tasks li", new() { HasText = "Send the contract draft" })).ToHaveCountAsync(0);
        await Expect(openTasks.GetByText("No open tasks")).ToBeVisibleAsync();

        await page.GotoAsync($"{server.BaseUrl}/leads/{lead}");
        await AddNoteAndTaskAsync(page, "Met at the trade fair", "Call back next week");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("lead-notes-tasks"), FullPage = true });
    }
}
