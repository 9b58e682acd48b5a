using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>Contacts: custom field → new contact → filtered list and saved view → inline edit → trash and back.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ContactsTests(SharedServer server)
{
    [BrowserFact]
    public async Task Custom_field_contact_filters_saved_view_inline_edit_delete_and_restore()
    {
        var owner = await server.SignUpAsync("Contoso");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);

        // 1. A custom field, added in Settings.
        await CustomersUi.AddCustomFieldAsync(page, "Shoe size", "number");
        await Expect(page.Locator(".cf-table code")).ToHaveTextAsync("shoeSize"); // the key follows the label

        // 2. A contact with a value for it, from "+ New". A bad e-mail is refused next to the field first.
        await CustomersUi.OpenNewDialogAsync(page, "Contact");
        var dialog = page.Locator("dialog#dialog");
        await dialog.GetByLabel("First name", new() { Exact = true }).FillAsync("Ada");
        await dialog.GetByLabel("E-mail", new() { Exact = true }).FillAsync("not an address");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
        await Expect(dialog.Locator("[id='email-error']")).ToContainTextAsync("e-mail address");
        await Expect(dialog.GetByLabel("First name", new() { Exact = true })).ToHaveValueAsync("Ada"); // nothing typed is lost
        // Let htmx finish swapping and settling the re-rendered form before typing into it (under load a fill
        // could land while the old form was being replaced).
        await page.WaitForFunctionAsync("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')");
        await dialog.GetByLabel("Last name", new() { Exact = true }).FillAsync("Lovelace");
        await dialog.GetByLabel("E-mail", new() { Exact = true }).FillAsync("ada@example.com");
        await dialog.GetByLabel("Tags", new() { Exact = true }).FillAsync("vip, math");
        await dialog.GetByLabel("Shoe size", new() { Exact = true }).FillAsync("42");
        await Expect(dialog.GetByLabel("First name", new() { Exact = true })).ToHaveValueAsync("Ada");
        await Expect(dialog.GetByLabel("Last name", new() { Exact = true })).ToHaveValueAsync("Lovelace");
        await dialog.GetByLabel("Shoe size", new() { Exact = true }).PressAsync("Enter"); // Enter submits
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts/[0-9a-f-]{36}"));
        var adaId = Regex.Match(page.Url, @"/contacts/([0-9a-f-]{36})").Groups[1].Value;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ada Lovelace", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#prop-customFields-shoeSize")).ToContainTextAsync("42");
        await Expect(page.Locator(".toast")).ToContainTextAsync("Contact created");

        // Two more contacts through the API: one vip with small feet, one with big feet and no tag.
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts",
            new { firstName = "Grace", lastName = "Hopper", tags = new[] { "vip" }, customFields = new { shoeSize = 38 } });
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts",
            new { firstName = "Alan", lastName = "Turing", customFields = new { shoeSize = 44 } });

        // 3. The list, filtered by tag and by the custom field: the URL says what the API would take.
        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).First.ClickAsync();
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(3);
        await CustomersUi.FilterByTagAsync(page, "vip");
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts\?tag=vip$"));
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(2);
        await CustomersUi.FilterByCustomFieldAsync(page, "Shoe size", "greater than", "40");
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts\?tag=vip&customFields\.shoeSize\.gt=40$"));
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(1);
        await Expect(CustomersUi.Rows(page).First).ToContainTextAsync("Ada Lovelace");

        // A column for the custom field, sorted by it.
        await page.Locator(".columns-menu summary").ClickAsync();
        await page.Locator(".columns-menu").GetByLabel("Shoe size").CheckAsync();
        await page.Locator(".columns-menu").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("table[data-keynav] thead")).ToContainTextAsync("Shoe size");
        await Expect(page).ToHaveURLAsync(new Regex("columns="));

        // 4. Saved as a view: the tab appears; it reopens the same filters and columns.
        await CustomersUi.SaveViewAsync(page, "VIP big feet");
        var viewUrl = page.Url;
        await page.GetByRole(AriaRole.Link, new() { Name = "All contacts" }).ClickAsync();
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(3);
        await page.Locator(".view-tabs").GetByRole(AriaRole.Link, new() { Name = "VIP big feet" }).ClickAsync();
        await Expect(page.Locator(".view-tabs a.active")).ToContainTextAsync("VIP big feet");
        page.Url.ShouldBe(viewUrl);
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(1);
        await Expect(page.Locator(".chips")).ToContainTextAsync("Shoe size > 40");
        await Expect(page.Locator("table[data-keynav] thead")).ToContainTextAsync("Shoe size");

        // Removing a chip drops just that filter.
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove filter Shoe size > 40" }).ClickAsync();
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(2);

        // 5. Keyboard: j moves to the first row, Enter opens it.
        await page.GotoAsync(viewUrl);
        await page.Locator("body").PressAsync("j");
        await Expect(CustomersUi.Rows(page).First).ToHaveClassAsync(new Regex("is-current"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"/contacts/{adaId}$"));

        // 6. Inline edit of a field, then a stale edit that keeps what was typed.
        await CustomersUi.EditFieldInlineAsync(page, "Job title", "Analyst");
        await Expect(page.Locator("#prop-jobTitle")).ToContainTextAsync("Analyst");
        await Expect(page.Locator(".subtitle")).ToHaveTextAsync("Analyst"); // the header follows
        await CustomersUi.EditFieldInlineAsync(page, "Lifecycle stage", "purchase");
        await Expect(page.Locator(".key-facts")).ToContainTextAsync("Purchase");

        var editor = await CustomersUi.OpenInlineEditorAsync(page, "First name");
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Patch, $"/api/v1/contacts/{adaId}", new { firstName = "Augusta" });
        await editor.GetByLabel("First name", new() { Exact = true }).FillAsync("Ada Augusta");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".prop.editing .conflict")).ToContainTextAsync("changed by an API key");
        await Expect(page.Locator(".prop.editing .conflict")).ToContainTextAsync("“Augusta”");
        await Expect(page.Locator("form.prop.editing").GetByLabel("First name", new() { Exact = true })).ToHaveValueAsync("Ada Augusta");
        await page.Locator("form.prop.editing").GetByRole(AriaRole.Button, new() { Name = "Save anyway" }).ClickAsync();
        await Expect(page.Locator("#prop-firstName")).ToContainTextAsync("Ada Augusta");

        // The History tab lists the changes.
        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Expect(page.Locator(".history")).ToContainTextAsync("Analyst");

        // 7. Delete: to the trash, with a toast that leads there; restore it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync(); // confirm() accepted
        await Expect(page).ToHaveURLAsync(new Regex("/contacts\\?"));
        await Expect(page.Locator(".toast")).ToContainTextAsync("moved to the trash");
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(2);
        await page.Locator(".toast").GetByRole(AriaRole.Link, new() { Name = "Open the trash" }).ClickAsync();
        var row = page.Locator("tbody tr", new() { HasText = "Ada Augusta Lovelace" });
        await Expect(row).ToContainTextAsync("Contact");
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore Ada Augusta Lovelace" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("restored");
        var back = await page.GotoAsync($"/contacts/{adaId}");
        back!.Status.ShouldBe(200);
        await Expect(page.Locator("#prop-customFields-shoeSize")).ToContainTextAsync("42");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Log_a_call_add_a_note_with_a_mention_and_a_task_then_see_them_on_the_timeline()
    {
        var owner = await server.SignUpAsync("Timeline Inc");
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/users",
            new { email = $"ana-{Guid.NewGuid():N}@example.com", name = "Ana Lopez", role = "manager", password = "correct horse battery" });
        var contact = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace" });
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync($"/contacts/{contact.GetProperty("id").GetString()}");
        await Expect(CustomersUi.TimelineItems(page)).ToHaveCountAsync(1);
        await Expect(CustomersUi.TimelineItems(page).First).ToContainTextAsync("Awareness"); // its first stage

        await CustomersUi.LogCallAsync(page, "Renewal check-in", minutes: "12", outcome: "Interested");
        await CustomersUi.AddNoteAsync(page, "Wants the **annual** plan. <script>alert(1)</script>", mention: "Ana Lopez");
        await CustomersUi.AddTaskAsync(page, "Send the proposal");

        var items = CustomersUi.TimelineItems(page);
        await Expect(items.First).ToContainTextAsync("Send the proposal"); // newest first
        var note = page.Locator(".tl-note").First;
        await Expect(note.Locator(".tl-body strong")).ToHaveTextAsync("annual"); // Markdown rendered
        await Expect(note).ToContainTextAsync("@Ana Lopez");
        await Expect(note).ToContainTextAsync("<script>alert(1)</script>"); // raw HTML shown as text
        (await note.Locator("script").CountAsync()).ShouldBe(0);
        await Expect(page.Locator(".tl-interaction")).ToContainTextAsync("Renewal check-in");
        await Expect(page.Locator(".tl-interaction")).ToContainTextAsync("12 min");
        await Expect(page.Locator(".open-tasks")).ToContainTextAsync("Send the proposal");

        // The type filter, then completing the task from the open tasks.
        await page.Locator(".timeline-filter").GetByRole(AriaRole.Link, new() { Name = "Notes" }).ClickAsync();
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.First).ToContainTextAsync("annual");
        await page.Locator(".timeline-filter").GetByRole(AriaRole.Link, new() { Name = "All", Exact = true }).ClickAsync();
        await Expect(page.Locator(".timeline-filter a.active")).ToHaveTextAsync("All");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete Send the proposal" }).ClickAsync();
        await Expect(page.Locator("#timeline .toast")).ToContainTextAsync("completed");
        await Expect(page.Locator(".open-tasks")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("contact-timeline"), FullPage = true });

        // A note without text is refused in place, keeping the composer open on it.
        await page.Locator(".composer-tabs label[for=compose-note]").ClickAsync();
        await page.Locator(".panel-note").GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator("[id='body-error']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Bulk_tag_and_infinite_scroll_on_the_list()
    {
        var owner = await server.SignUpAsync("Bulkco");
        for (var i = 0; i < 60; i++)
            await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts", new { firstName = $"Person{i:00}", lastName = "Bulk" });
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/contacts?sort=firstName");
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(50);
        await page.Locator("tr.more-rows").ScrollIntoViewIfNeededAsync();
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(60); // the next rows came in as the end scrolled into view
        await Expect(CustomersUi.Rows(page).Last).ToContainTextAsync("Person59");

        await Expect(page.Locator(".bulk-bar")).Not.ToBeVisibleAsync();
        await CustomersUi.Rows(page).Nth(0).Locator("input[name=ids]").CheckAsync();
        await CustomersUi.Rows(page).Nth(1).Locator("input[name=ids]").CheckAsync();
        await Expect(page.Locator(".bulk-bar")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-selected-count]")).ToHaveTextAsync("2");
        await page.Locator("#bulk-tag").FillAsync("event-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("added to 2 contacts");
        await page.GotoAsync("/contacts?tag=event-2026");
        await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task List_and_contact_page_look_right_at_desktop_and_phone_widths_in_both_themes()
    {
        var owner = await server.SignUpAsync("Lookco");
        await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/custom-fields", new { entity = "contact", key = "plan", label = "Plan", type = "singleSelect", options = new[] { "Free", "Pro" } });
        var account = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/accounts", new { name = "Globex", domain = "globex.com", industry = "Manufacturing" });
        string[] first = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Radia", "Tim", "Frances", "John"];
        string[] stages = ["awareness", "consideration", "purchase", "retention", "advocacy"];
        string? id = null;
        for (var i = 0; i < 12; i++)
        {
            var c = await CustomersUi.ApiAsync(server, owner.ApiKey, HttpMethod.Post, "/api/v1/contacts", new
            {
                firstName = first[i], lastName = $"Example{i}", email = $"{first[i].ToLowerInvariant()}@example.com", phone = $"+1 415 555 01{i:00}",
                lifecycleStage = stages[i % 5], tags = i % 3 == 0 ? new[] { "vip", "newsletter" } : new[] { "newsletter" },
                jobTitle = "Engineer", customFields = new { plan = i % 2 == 0 ? "Pro" : "Free" },
                accounts = new[] { new { accountId = account.GetProperty("id").GetString(), role = "decisionMaker", title = "CTO" } },
            });
            id ??= c.GetProperty("id").GetString();
        }
        foreach (var (scheme, suffix) in new[] { (ColorScheme.Light, ""), (ColorScheme.Dark, "-dark") })
            foreach (var width in new[] { 1280, 375 })
            {
                var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = width, Height = 900 }, ColorScheme = scheme });
                var page = await context.NewPageAsync();
                await Ui.SignInAsync(page, owner.Email, owner.Password);
                await page.GotoAsync("/contacts?tag=newsletter&columns=name,email,phone,lifecycleStage,owner,tags,customFields.plan,createdAt");
                await Expect(CustomersUi.Rows(page)).ToHaveCountAsync(12);
                await CustomersUi.Rows(page).Nth(1).Locator("input[name=ids]").CheckAsync();
                await page.ScreenshotAsync(new() { Path = Ui.Screenshot($"contacts-list-{width}{suffix}"), FullPage = true });
                await NoSidewaysScrollAsync(page, width);

                await page.GotoAsync($"/contacts/{id}");
                await page.GetByRole(AriaRole.Link, new() { Name = "Edit Job title", Exact = true }).ClickAsync();
                await Expect(page.Locator("form.prop.editing")).ToBeVisibleAsync();
                await page.ScreenshotAsync(new() { Path = Ui.Screenshot($"contact-page-{width}{suffix}"), FullPage = true });
                await NoSidewaysScrollAsync(page, width);

                if (width == 1280 && scheme == ColorScheme.Light)
                {
                    await page.GotoAsync("/contacts");
                    await CustomersUi.OpenNewDialogAsync(page, "Contact");
                    await page.ScreenshotAsync(new() { Path = Ui.Screenshot("contact-new-dialog") });
                    await page.Keyboard.PressAsync("Escape"); // Esc closes
                    await Expect(page.Locator("dialog#dialog")).Not.ToBeVisibleAsync();
                    await page.GotoAsync($"/accounts/{account.GetProperty("id").GetString()}");
                    await page.ScreenshotAsync(new() { Path = Ui.Screenshot("account-page-1280"), FullPage = true });
                    await page.GotoAsync("/settings/custom-fields");
                    await page.ScreenshotAsync(new() { Path = Ui.Screenshot("settings-custom-fields"), FullPage = true });
                }
                await context.CloseAsync();
            }
    }

    /// <summary>Nothing sticks out of the viewport (names the elements that do, when something does).</summary>
    private static async Task NoSidewaysScrollAsync(IPage page, int width)
    {
        var wide = await page.EvaluateAsync<string[]>(@"w => [...document.querySelectorAll('body *')]
            .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > w + 1 && !e.closest('.list-table') && getComputedStyle(e).position !== 'fixed')
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))", width);
        wide.ShouldBeEmpty($"the page must not scroll sideways at {width} px");
    }
}
