using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>The deals board (drag and drop, a stale move refused), the deal page and the forecast page.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class DealsTests(SharedServer server)
{
    private HttpClient Api(RapportServer.Account owner)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.ApiKey);
        return http;
    }

    private static async Task<JsonElement> Json(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The standard pipeline through the API; stage ids by name.</summary>
    private static async Task<Dictionary<string, string>> PipelineAsync(HttpClient api)
    {
        var p = await Json(api.PostAsJsonAsync("/api/v1/pipelines", new
        {
            name = "New business",
            stages = new object[]
            {
                new { name = "Qualification", probability = 10, type = "open" }, new { name = "Discovery", probability = 25, type = "open" },
                new { name = "Proposal", probability = 50, type = "open" }, new { name = "Negotiation", probability = 75, type = "open" },
                new { name = "Won", probability = 100, type = "won" }, new { name = "Lost", probability = 0, type = "lost" },
            },
        }));
        return p.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetString()!);
    }

    private static ILocator Column(IPage page, string stageId) => page.Locator($"section.board-column[data-stage-id='{stageId}']");
    private static ILocator Card(IPage page, string dealId) => page.Locator($"li.deal-card[data-deal-id='{dealId}']");

    /// <summary>Drags a card onto a column with the mouse, in small steps (SortableJS's pointer fallback follows the mouse).</summary>
    private static async Task DragAsync(IPage page, ILocator card, ILocator column)
    {
        var from = (await card.BoundingBoxAsync())!;
        var to = (await column.Locator(".board-cards").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + 20, from.Y + 10);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + 30, from.Y + 20, new() { Steps = 5 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + 15, new() { Steps = 20 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + 20, new() { Steps = 5 });
        await page.Mouse.UpAsync();
    }

    [BrowserFact]
    public async Task A_deal_is_dragged_across_stages_and_a_stale_move_is_refused_with_the_card_put_back()
    {
        var owner = await server.SignUpAsync("Board Co");
        using var api = Api(owner);
        var stages = await PipelineAsync(api);
        var deal = await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Globex rollout", amount = 12000 }));
        var id = deal.GetProperty("id").GetString()!;
        await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Initech pilot", amount = 3000, stageId = stages["Discovery"] }));

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deals" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/deals/board"));
        await Expect(Column(page, stages["Qualification"]).Locator(".board-count")).ToHaveTextAsync("1");
        await Expect(Column(page, stages["Qualification"])).ToContainTextAsync("weighted 1,200.00 USD");

        await DragAsync(page, Card(page, id), Column(page, stages["Proposal"]));
        await Expect(Column(page, stages["Proposal"]).Locator($"li[data-deal-id='{id}']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(Column(page, stages["Proposal"]).Locator(".board-count")).ToHaveTextAsync("1");
        await Expect(Column(page, stages["Qualification"]).Locator(".board-count")).ToHaveTextAsync("0");
        await Expect(Column(page, stages["Proposal"])).ToContainTextAsync("weighted 6,000.00 USD");
        (await Json(api.GetAsync($"/api/v1/deals/{id}"))).GetProperty("stageId").GetString().ShouldBe(stages["Proposal"]);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("deals-board"), FullPage = true });

        // Someone else changes the deal meanwhile: the card on screen carries an old version.
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/deals/{id}") { Content = JsonContent.Create(new { nextStep = "Send the contract" }) };
        (await api.SendAsync(request)).EnsureSuccessStatusCode();
        await DragAsync(page, Card(page, id), Column(page, stages["Negotiation"]));
        await Expect(page.Locator("#board .alert-error")).ToContainTextAsync("Someone changed this deal", new() { Timeout = 15_000 });
        await Expect(Column(page, stages["Proposal"]).Locator($"li[data-deal-id='{id}']")).ToBeVisibleAsync();
        (await Json(api.GetAsync($"/api/v1/deals/{id}"))).GetProperty("stageId").GetString().ShouldBe(stages["Proposal"]);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("deals-board-stale"), FullPage = true });

        // Trying again (the board now carries the current version) works.
        await DragAsync(page, Card(page, id), Column(page, stages["Negotiation"]));
        await Expect(Column(page, stages["Negotiation"]).Locator(".board-count")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Expect(page.Locator("#board .alert-error")).ToHaveCountAsync(0);

        // The deal page shows the history and the stage bar.
        await Card(page, id).Locator("a.deal-card-name").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Globex rollout");
        await Expect(page.Locator(".stage-history tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator(".stage-bar li.current")).ToHaveTextAsync("Negotiation");
        await page.GetByLabel("Next step").FillAsync("Book the signing call");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Deal saved.");
        await Expect(page.Locator(".deal-timeline")).ToContainTextAsync("Changed: nextStep");
        // Link the account and a contact from the page.
        await Json(api.PostAsJsonAsync("/api/v1/accounts", new { name = "Globex Corporation" }));
        await Json(api.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Hank", lastName = "Scorpio", email = "hank@globex.example" }));
        await page.GetByText("Link an account or a contact").ClickAsync();
        await page.GetByLabel("Find an account").FillAsync("globex");
        await Expect(page.Locator("#link-account option")).ToHaveCountAsync(2);
        await page.GetByLabel("Account", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Globex Corporation" });
        await page.GetByLabel("Find a contact").FillAsync("scorp");
        await Expect(page.Locator("#link-contact option")).ToHaveCountAsync(2);
        await page.GetByLabel("Contact", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Role").SelectOptionAsync("champion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save links" }).ClickAsync();
        await Expect(page.Locator(".related-list")).ToContainTextAsync("Globex Corporation");
        await Expect(page.Locator(".related-list")).ToContainTextAsync("Hank Scorpio champion");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("deal-page"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_deal_dropped_on_lost_asks_for_the_reason_and_cancel_puts_the_card_back()
    {
        var owner = await server.SignUpAsync("Lost Co");
        using var api = Api(owner);
        var stages = await PipelineAsync(api);
        await Json(api.PostAsJsonAsync("/api/v1/lost-reasons", new { name = "Price" }));
        await Json(api.PostAsJsonAsync("/api/v1/lost-reasons", new { name = "Timing" }));
        var id = (await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Umbrella renewal", amount = 5000 }))).GetProperty("id").GetString()!;

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/deals/board");
        await Expect(Column(page, stages["Qualification"]).Locator(".board-count")).ToHaveTextAsync("1");

        // Cancel: the card goes back and nothing is posted.
        await DragAsync(page, Card(page, id), Column(page, stages["Lost"]));
        var dialog = page.Locator("#lost-dialog");
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(dialog).ToContainTextAsync("Umbrella renewal");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Column(page, stages["Qualification"]).Locator($"li[data-deal-id='{id}']")).ToBeVisibleAsync();
        (await Json(api.GetAsync($"/api/v1/deals/{id}"))).GetProperty("stageId").GetString().ShouldBe(stages["Qualification"]);

        // Mark as lost with a reason and a note: both are stored with the move.
        await DragAsync(page, Card(page, id), Column(page, stages["Lost"]));
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await dialog.GetByLabel("Lost reason").SelectOptionAsync("Timing");
        await dialog.GetByLabel("Note").FillAsync("Budget frozen until Q3");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("deals-lost-dialog"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark as lost" }).ClickAsync();
        await Expect(Column(page, stages["Lost"]).Locator(".board-count")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        var lost = await Json(api.GetAsync($"/api/v1/deals/{id}"));
        lost.GetProperty("stageId").GetString().ShouldBe(stages["Lost"]);
        lost.GetProperty("lostReason").GetString().ShouldBe("Timing");
        lost.GetProperty("lostNote").GetString().ShouldBe("Budget frozen until Q3");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_forecast_page_shows_the_new_numbers_after_a_deal_is_won()
    {
        var owner = await server.SignUpAsync("Forecast Co");
        using var api = Api(owner);
        var stages = await PipelineAsync(api);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var quarter = $"{today.Year}-Q{(today.Month - 1) / 3 + 1}";
        var deal = await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Umbrella renewal", amount = 8000, stageId = stages["Negotiation"], expectedCloseDate = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), forecastCategory = "commit" }));
        var id = deal.GetProperty("id").GetString()!;

        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/forecast");
        var row = page.Locator($"#forecast-table tr[data-period='{quarter}']");
        await Expect(row.Locator("[data-col='weighted']")).ToHaveTextAsync("6,000.00 USD");
        await Expect(row.Locator("[data-col='commit']")).ToHaveTextAsync("8,000.00 USD");
        await Expect(row.Locator("[data-col='closedWon']")).ToHaveTextAsync("0.00 USD");

        // Won on the board.
        await page.GotoAsync("/deals/board");
        await DragAsync(page, Card(page, id), Column(page, stages["Won"]));
        // The card moves at once on screen; the column's count changes when the server has answered.
        await Expect(Column(page, stages["Won"]).Locator(".board-count")).ToHaveTextAsync("1", new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Forecast" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forecast$"));
        await Expect(row.Locator("[data-col='closedWon']")).ToHaveTextAsync("8,000.00 USD");
        await Expect(row.Locator("[data-col='commit']")).ToHaveTextAsync("0.00 USD");
        await Expect(page.Locator("#metric-win-rate")).ToHaveTextAsync("100 %");
        await Expect(page.Locator("canvas[data-chart]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("forecast"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task An_admin_creates_the_standard_pipeline_adds_and_reorders_a_stage_and_deletes_one_moving_its_deals()
    {
        var owner = await server.SignUpAsync("Settings Sales Co");
        using var api = Api(owner);
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/deals/board");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the standard pipeline" }).ClickAsync();
        await Expect(page.Locator("section.board-column")).ToHaveCountAsync(6);
        var pipeline = (await Json(api.GetAsync("/api/v1/pipelines"))).GetProperty("items")[0];
        var stages = pipeline.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetString()!);
        var deal = await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Hooli expansion", stageId = stages["Discovery"] }));

        // Add "Demo" (the empty row), then drag it above "Proposal".
        await page.GotoAsync("/settings/sales");
        var card = page.Locator(".pipeline-card").First;
        await card.GetByLabel("New stage name").FillAsync("Demo");
        await card.GetByLabel("New stage probability").FillAsync("35");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save pipeline" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Pipeline saved.");
        async Task<string[]> Names() => (await Json(api.GetAsync("/api/v1/pipelines"))).GetProperty("items")[0].GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        (await Names()).ShouldBe(["Qualification", "Discovery", "Proposal", "Negotiation", "Won", "Lost", "Demo"]);

        var rows = page.Locator(".pipeline-card").First.Locator("tbody tr");
        var handle = rows.Nth(6).Locator(".drag-handle");
        await Expect(page.Locator(".pipeline-card").First.Locator("tbody[data-sortable-stages]")).ToHaveAttributeAsync("data-sortable", "1");
        await rows.Nth(2).ScrollIntoViewIfNeededAsync();
        await handle.ScrollIntoViewIfNeededAsync();
        var target = (await rows.Nth(2).BoundingBoxAsync())!;
        var from = (await handle.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + 5, from.Y + 5);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + 5, from.Y - 10, new() { Steps = 5 });
        await page.Mouse.MoveAsync(target.X + 10, target.Y + target.Height / 2, new() { Steps = 25 });
        await page.Mouse.MoveAsync(target.X + 10, target.Y + 4, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Expect(rows.Nth(2).Locator("input[name='stageName']")).ToHaveValueAsync("Demo");
        // (The first save's toast may still be on screen: wait for this save's answer.)
        await page.RunAndWaitForResponseAsync(() => page.Locator(".pipeline-card").First.GetByRole(AriaRole.Button, new() { Name = "Save pipeline" }).ClickAsync(),
            r => r.Url.Contains("/settings/sales?done=") && r.Status == 200);
        (await Names()).ShouldBe(["Qualification", "Discovery", "Demo", "Proposal", "Negotiation", "Won", "Lost"]);

        // Delete "Discovery": its deal must go somewhere.
        card = page.Locator(".pipeline-card").First;
        await card.GetByLabel("Delete the stage").SelectOptionAsync(new SelectOptionValue { Label = "Discovery" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Delete stage" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("say where they go");
        card = page.Locator(".pipeline-card").First;
        await card.GetByLabel("Delete the stage").SelectOptionAsync(new SelectOptionValue { Label = "Discovery" });
        await card.GetByLabel("and move its deals to").SelectOptionAsync(new SelectOptionValue { Label = "Qualification" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Delete stage" }).ClickAsync();
        await Expect(page.Locator(".toast")).ToContainTextAsync("Stage deleted");
        (await Names()).ShouldBe(["Qualification", "Demo", "Proposal", "Negotiation", "Won", "Lost"]);
        (await Json(api.GetAsync($"/api/v1/deals/{deal.GetProperty("id").GetString()}"))).GetProperty("stageId").GetString().ShouldBe(stages["Qualification"]);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("settings-sales"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_demo_workspace_shows_a_full_board_and_forecast()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var email = $"demo-{Guid.NewGuid():N}@example.com";
        var signup = await http.PostAsJsonAsync("/api/v1/signup", new { workspaceName = "Demo Sales Co", name = "Dana Demo", email, password = "correct horse battery", demoData = true });
        signup.EnsureSuccessStatusCode();
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, email, "correct horse battery");
        await page.GotoAsync("/deals/board");
        await Expect(page.Locator("section.board-column")).ToHaveCountAsync(6, new() { Timeout = 30_000 });
        (await page.Locator("li.deal-card").CountAsync()).ShouldBeGreaterThan(50);
        (await page.Locator("li.deal-card.rotting").CountAsync()).ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("demo-board") });
        await page.GotoAsync("/forecast?period=month");
        (await page.Locator("#forecast-table tbody tr").CountAsync()).ShouldBeGreaterThan(5);
        await Expect(page.Locator(".unconverted")).ToContainTextAsync("CHF");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("demo-forecast"), FullPage = true });
        await page.GotoAsync("/deals/attention");
        (await page.Locator("tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await page.GotoAsync("/deals?sort=-amount");
        await Expect(page.Locator("table.deals-table tbody tr")).ToHaveCountAsync(50);
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("demo-deals-list") });
        await page.Context.CloseAsync();
    }
}
