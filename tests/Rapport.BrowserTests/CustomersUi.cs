using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>
/// What a person does with contacts and accounts, as reusable steps: add a custom field in Settings,
/// create a contact from "+ New", filter the list, save a view, edit a field inline. Data that a
/// test only needs to exist is created through the API (<see cref="ApiAsync"/>).
/// </summary>
public static class CustomersUi
{
    /// <summary>Settings → Custom fields → Add a field; returns when the field is listed.</summary>
    public static async Task AddCustomFieldAsync(IPage page, string label, string type = "number", string entity = "contact", string? key = null, string? options = null)
    {
        await page.GotoAsync("/settings/custom-fields");
        await page.GetByLabel("For", new() { Exact = true }).SelectOptionAsync(entity);
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync(label);
        if (key is not null) await page.GetByLabel("Key", new() { Exact = true }).FillAsync(key);
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(type);
        if (options is not null) await page.Locator("#cf-options").FillAsync(options);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add field" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync($"Field “{label}” added");
        await Expect(page.Locator(".cf-table").GetByRole(AriaRole.Link, new() { Name = label, Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>
    /// "+ New" → Contact: fills the dialog's fields by label (custom fields included) and creates
    /// the contact; returns its id once its page is open.
    /// </summary>
    public static async Task<string> CreateContactAsync(IPage page, IReadOnlyDictionary<string, string> fieldsByLabel)
    {
        await OpenNewDialogAsync(page, "Contact");
        var dialog = page.Locator("dialog#dialog");
        foreach (var (label, value) in fieldsByLabel)
        {
            var input = dialog.GetByLabel(label, new() { Exact = true });
            if (await input.EvaluateAsync<string>("e => e.tagName") == "SELECT") await input.SelectOptionAsync(value);
            else await input.FillAsync(value);
        }
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts/[0-9a-f-]{36}"));
        await Expect(page.Locator("dialog#dialog")).Not.ToBeVisibleAsync();
        return Regex.Match(page.Url, @"/contacts/([0-9a-f-]{36})").Groups[1].Value;
    }

    /// <summary>Opens "+ New" → <paramref name="what"/> (Contact, Account) in the dialog.</summary>
    public static async Task OpenNewDialogAsync(IPage page, string what)
    {
        await page.Locator(".new-menu summary").ClickAsync();
        await page.Locator(".new-menu").GetByRole(AriaRole.Menuitem, new() { Name = what }).ClickAsync();
        await Expect(page.Locator("dialog#dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("dialog#dialog h1")).ToHaveTextAsync($"New {what.ToLowerInvariant()}");
    }

    /// <summary>The rows of the list on screen (their titles).</summary>
    public static ILocator Rows(IPage page) => page.Locator("table[data-keynav] tbody tr[data-href]");

    /// <summary>The filter bar's "Tag" box: adds a tag filter.</summary>
    public static async Task FilterByTagAsync(IPage page, string tag)
    {
        await page.Locator("#filter-tag").FillAsync(tag);
        await page.Locator(".filter-bar").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator(".chips")).ToContainTextAsync($"Tag: {tag}");
    }

    /// <summary>The filter bar's custom field filter: field (by label), comparison (is, greater than, less than), value.</summary>
    public static async Task FilterByCustomFieldAsync(IPage page, string fieldLabel, string comparison, string value)
    {
        await page.Locator("#filter-cf").SelectOptionAsync(new SelectOptionValue { Label = fieldLabel });
        await page.Locator("#filter-cf-op").SelectOptionAsync(new SelectOptionValue { Label = comparison });
        await page.Locator("#filter-cf-value").FillAsync(value);
        await page.Locator(".filter-bar").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator(".chips")).ToContainTextAsync(fieldLabel);
    }

    public static async Task SaveViewAsync(IPage page, string name, bool shared = false)
    {
        await page.Locator(".view-actions summary", new() { HasText = "Save view" }).ClickAsync();
        await page.GetByLabel("View name").FillAsync(name);
        if (shared) await page.GetByLabel("Share with everyone in the workspace").CheckAsync();
        await page.Locator(".view-actions form").GetByRole(AriaRole.Button, new() { Name = "Save view" }).ClickAsync();
        await Expect(page.Locator(".view-tabs a.active")).ToContainTextAsync(name);
    }

    /// <summary>Record page: Edit a field in place, type, press Enter; returns when the field shows "Saved".</summary>
    public static async Task EditFieldInlineAsync(IPage page, string label, string value)
    {
        var editor = await OpenInlineEditorAsync(page, label);
        var input = editor.GetByLabel(label, new() { Exact = true });
        if (await input.EvaluateAsync<string>("e => e.tagName") == "SELECT") { await input.SelectOptionAsync(value); await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(); }
        else { await input.FillAsync(value); await input.PressAsync("Enter"); }
        await Expect(page.Locator(".prop:not(.editing)", new() { HasText = label }).Locator(".saved")).ToBeVisibleAsync();
    }

    public static async Task<ILocator> OpenInlineEditorAsync(IPage page, string label)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = $"Edit {label}", Exact = true }).ClickAsync();
        var editor = page.Locator("form.prop.editing");
        await Expect(editor).ToBeVisibleAsync();
        return editor;
    }

    /// <summary>Record page composer → Note: types the text, optionally picks a member to @mention, adds it; returns when it is on the timeline.</summary>
    public static async Task AddNoteAsync(IPage page, string text, string? mention = null)
    {
        await page.Locator(".composer-tabs label[for=compose-note]").ClickAsync();
        await page.Locator("#note-body").FillAsync(text);
        if (mention is not null) await page.Locator("#note-mention").SelectOptionAsync(new SelectOptionValue { Label = mention });
        await page.Locator(".panel-note").GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator("#timeline .toast")).ToContainTextAsync("Note added");
    }

    /// <summary>Record page composer → Log a call (outbound, now).</summary>
    public static async Task LogCallAsync(IPage page, string subject, string? minutes = null, string? outcome = null)
    {
        await page.Locator(".composer-tabs label[for=compose-call]").ClickAsync();
        await page.Locator("#call-subject").FillAsync(subject);
        if (minutes is not null) await page.Locator("#call-minutes").FillAsync(minutes);
        if (outcome is not null) await page.Locator("#call-outcome").FillAsync(outcome);
        await page.Locator(".panel-call").GetByRole(AriaRole.Button, new() { Name = "Log it" }).ClickAsync();
        await Expect(page.Locator("#timeline .toast")).ToContainTextAsync("Call logged");
    }

    /// <summary>Record page composer → Task.</summary>
    public static async Task AddTaskAsync(IPage page, string title)
    {
        await page.Locator(".composer-tabs label[for=compose-task]").ClickAsync();
        await page.Locator("#task-title").FillAsync(title);
        await page.Locator(".panel-task").GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Expect(page.Locator("#timeline .toast")).ToContainTextAsync("Task added");
    }

    /// <summary>The timeline's entries.</summary>
    public static ILocator TimelineItems(IPage page) => page.Locator("#timeline .tl-item");

    /// <summary>A call to the API with the workspace's key (for data a test needs but does not exercise).</summary>
    public static async Task<JsonElement> ApiAsync(RapportServer server, string apiKey, HttpMethod method, string path, object? body = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} → {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
