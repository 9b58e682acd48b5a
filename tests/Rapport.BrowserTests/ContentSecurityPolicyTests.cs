using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>
/// The Content-Security-Policy (Http/SecurityHeaders.cs) must not break any page: the main pages,
/// charts, the board, the API reference and the public form load with no CSP violation in the
/// console, and what used to be inline script (the pipeline select's auto-submit) still works.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class ContentSecurityPolicyTests(SharedServer server)
{
    private static async Task<JsonElement> Json(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static object Pipeline(string name) => new
    {
        name,
        stages = new object[]
        {
            new { name = "Qualification", probability = 10, type = "open" }, new { name = "Proposal", probability = 50, type = "open" },
            new { name = "Won", probability = 100, type = "won" }, new { name = "Lost", probability = 0, type = "lost" },
        },
    };

    [BrowserFact]
    public async Task The_main_pages_load_without_a_CSP_violation()
    {
        var owner = await server.SignUpAsync("Policy Co");
        using var api = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.ApiKey);
        var first = await Json(api.PostAsJsonAsync("/api/v1/pipelines", Pipeline("New business")));
        var second = await Json(api.PostAsJsonAsync("/api/v1/pipelines", Pipeline("Renewals")));
        var stages = first.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetString()!);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Globex rollout", amount = 12000, stageId = stages["Proposal"], expectedCloseDate = today }));
        await Json(api.PostAsJsonAsync("/api/v1/deals", new { name = "Initech pilot", amount = 3000, stageId = stages["Won"], expectedCloseDate = today }));
        var contact = await Json(api.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com" }));
        var contactId = contact.GetProperty("id").GetString();
        await Json(api.PostAsJsonAsync("/api/v1/notes", new { contactId, body = "Met at the fair. ![logo](https://tracker.example/pixel.gif) **Follow up**" }));
        await Json(api.PostAsJsonAsync("/api/v1/accounts", new { name = "Globex" }));
        var form = await Json(api.PostAsJsonAsync("/api/v1/forms", new
        {
            name = "Contact us",
            fields = new object[] { new { key = "email", label = "E-mail", type = "email", required = true } },
            allowedOrigins = new[] { "https://www.example.com" },
        }));

        var page = await server.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {m.Text}"); };
        page.PageError += (_, e) => violations.Add($"{page.Url}: page error {e}");
        await Ui.SignInAsync(page, owner.Email, owner.Password);

        foreach (var path in new[] { "/", "/contacts", $"/contacts/{contactId}", "/accounts", "/leads", "/deals", "/tasks", "/imports", "/trash",
                     "/settings", "/settings/workspace", "/settings/sales", "/notifications" })
        {
            var response = await page.GotoAsync(path);
            response!.Ok.ShouldBeTrue(path);
            (await response.HeaderValueAsync("content-security-policy")).ShouldNotBeNull(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        // The note's image is a link, not a request to the tracker.
        await page.GotoAsync($"/contacts/{contactId}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "logo" })).ToHaveAttributeAsync("href", "https://tracker.example/pixel.gif");
        await Expect(page.Locator("img[src*='tracker.example']")).ToHaveCountAsync(0);

        // Charts (Chart.js) draw under the policy.
        await page.GotoAsync("/forecast");
        await Expect(page.Locator("canvas[data-chart][data-drawn='1']").First).ToBeAttachedAsync();

        // The board: its pipeline select submits its form on change (was an inline onchange).
        await page.GotoAsync("/deals/board");
        await Expect(page.Locator(".deal-card").First).ToBeVisibleAsync();
        var secondId = second.GetProperty("id").GetString()!;
        await page.RunAndWaitForRequestAsync(() => page.Locator("#board-pipeline").SelectOptionAsync(secondId),
            r => r.Url.Contains("/deals/board?pipelineId=" + secondId));

        // The API reference (Swagger UI) renders its operations.
        await page.GotoAsync("/api/docs");
        await Expect(page.Locator(".opblock").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // The public form, signed out.
        var visitor = await server.NewPageAsync();
        visitor.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{visitor.Url}: {m.Text}"); };
        await visitor.GotoAsync($"/f/{form.GetProperty("id").GetString()}");
        await visitor.GetByLabel("E-mail").FillAsync("visitor@example.com");
        await visitor.GetByRole(AriaRole.Button).Last.ClickAsync();
        await visitor.WaitForURLAsync(u => u.EndsWith("/thanks"));

        violations.ShouldBeEmpty();
        await page.Context.CloseAsync();
        await visitor.Context.CloseAsync();
    }
}
