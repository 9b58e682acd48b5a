using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>Duplicates: the "new contact" dialog's warning, the scan → review queue → side-by-side merge → undo, and merging from the list's selection.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class DuplicatesTests(SharedServer server)
{
    [BrowserFact]
    public async Task Scan_review_and_merge_a_pair_then_undo_the_merge()
    {
        var owner = await server.SignUpAsync("Dupes");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        var ada = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts",
            new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com", tags = new[] { "vip" } });
        var adaId = ada.GetProperty("id").GetString()!;

        // The "new contact" dialog warns with a link to the match, and creates anyway on request.
        await CustomersUi.OpenNewDialogAsync(page, "Contact");
        var dialog = page.Locator("dialog#dialog");
        await dialog.GetByLabel("First name", new() { Exact = true }).FillAsync("Augusta");
        await dialog.GetByLabel("Last name", new() { Exact = true }).FillAsync("King");
        await dialog.GetByLabel("E-mail", new() { Exact = true }).FillAsync("ada@example.com");
        await dialog.GetByLabel("Job title", new() { Exact = true }).FillAsync("Analyst");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
        await Expect(dialog.Locator(".duplicate-alert")).ToContainTextAsync("looks like an existing contact");
        await Expect(dialog.Locator($".duplicate-alert a[href='/contacts/{adaId}']")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Job title", new() { Exact = true })).ToHaveValueAsync("Analyst");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create anyway" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts/[0-9a-f-]{36}"));
        var kingId = Regex.Match(page.Url, @"/contacts/([0-9a-f-]{36})").Groups[1].Value;
        await CustomersUi.AddNoteAsync(page, "Wrote the first program.");

        // The queue, from the contacts list: scan, wait, see the pair with its reason.
        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Duplicates", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/duplicates\?entity=contact$"));
        await Expect(page.Locator(".empty")).ToContainTextAsync("No scan yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan all contacts" }).ClickAsync();
        var group = page.Locator("table.dupes-table tbody tr");
        await Expect(group).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(group).ToContainTextAsync("Same e-mail");
        await Expect(group).ToContainTextAsync("Ada Lovelace");
        await Expect(group).ToContainTextAsync("Augusta King");
        await Expect(page.Locator("#scan-status")).ToContainTextAsync("1 group found");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("duplicates-queue"), FullPage = true });

        // Side by side: the most complete record is proposed; keep Ada's instead, with her first name and the other's last name and job title.
        await group.GetByRole(AriaRole.Link, new() { Name = "Review and merge" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Merge 2 contacts" })).ToBeVisibleAsync();
        await Expect(page.Locator($"input[name=survivorId][value='{kingId}']")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Job title from Augusta King")).ToBeCheckedAsync();
        await page.GetByLabel("First name from Ada Lovelace").CheckAsync();
        await Expect(page.GetByLabel("Last name from Augusta King")).ToBeCheckedAsync();
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("duplicates-merge"), FullPage = true });
        await page.Locator($"input[name=survivorId][value='{adaId}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/contacts/{adaId}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ada King", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Merged 2 records");
        await Expect(CustomersUi.TimelineItems(page).Filter(new() { HasText = "Wrote the first program." })).ToHaveCountAsync(1);
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Get, $"/api/v1/contacts/{adaId}"); // in sight
        (await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Get, $"/api/v1/contacts/{adaId}")).GetProperty("jobTitle").GetString().ShouldBe("Analyst");

        // Undo from the toast: the other record and its note come back, Ada's name too.
        await page.Locator(".toast").GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Merge undone");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ada Lovelace", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync($"/contacts/{kingId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Augusta King", Level = 1 })).ToBeVisibleAsync();
        await Expect(CustomersUi.TimelineItems(page).Filter(new() { HasText = "Wrote the first program." })).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task Two_contacts_selected_in_the_list_are_merged_and_a_group_can_be_dismissed()
    {
        var owner = await server.SignUpAsync("Dupes list");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        foreach (var (first, last) in new[] { ("Grace", "Hopper"), ("Grace B.", "Hopper"), ("Alan", "Turing") })
            await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts", new { firstName = first, lastName = last });

        await page.GotoAsync("/contacts?sort=firstName");
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(3);
        await CustomersUi.Rows(page).Filter(new() { HasText = "Grace Hopper" }).Locator("input[type=checkbox]").CheckAsync();
        await CustomersUi.Rows(page).Filter(new() { HasText = "Grace B. Hopper" }).Locator("input[type=checkbox]").CheckAsync();
        await page.Locator(".bulk-bar").GetByRole(AriaRole.Button, new() { Name = "Merge" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Merge 2 contacts" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Merged 2 records");
        await page.GotoAsync("/contacts");
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(2);

        // Accounts: a pair by domain, dismissed as not duplicates; it stays out of the queue after the next scan.
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/accounts", new { name = "Initech", domain = "initech.example" });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/accounts?allowDuplicate=true", new { name = "Initech Holdings", domain = "initech.example" });
        await page.GotoAsync("/duplicates?entity=account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan all accounts" }).ClickAsync();
        var group = page.Locator("table.dupes-table tbody tr");
        await Expect(group).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(group).ToContainTextAsync("Same domain");
        await group.GetByRole(AriaRole.Button, new() { Name = "Not duplicates" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("not duplicates");
        await Expect(group).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan all accounts" }).ClickAsync();
        await Expect(page.Locator("#scan-status")).ToContainTextAsync("0 groups found", new() { Timeout = 60_000 });
        await Expect(page.Locator(".empty")).ToContainTextAsync("Nothing to review");
    }
}
