using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Demo;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Leads;

public class DemoLeadsTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Demo_data_brings_300_scored_leads_a_web_form_and_rules(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<SeedDemoData>().HandleAsync(default));

        var leads = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await api.GetAsync($"/api/v1/leads?limit=200&sort=-score{(cursor is null ? "" : $"&cursor={cursor}")}")).ShouldBeAsync(HttpStatusCode.OK);
            leads.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        leads.Count.ShouldBe(300);
        leads.Select(l => l.GetProperty("status").GetString()).Distinct().Count().ShouldBe(6);
        leads.Select(l => l.GetProperty("source").GetString()).Distinct().Count().ShouldBeGreaterThan(4);
        leads.Select(l => l.GetProperty("score").GetInt32()).ShouldBe(leads.Select(l => l.GetProperty("score").GetInt32()).OrderDescending());
        leads.Max(l => l.GetProperty("score").GetInt32()).ShouldBeGreaterThan(20);
        leads.Where(l => l.GetProperty("status").GetString() == "converted").ShouldAllBe(l => l.GetProperty("convertedContactId").ValueKind == JsonValueKind.String);
        leads.Where(l => l.GetProperty("status").GetString() == "disqualified").ShouldAllBe(l => l.GetProperty("disqualifiedReason").ValueKind == JsonValueKind.String);
        leads.Select(l => l.GetProperty("email").GetString()).ShouldAllBe(e => e!.EndsWith(".example") || e.Contains("@example."));

        // Every lead passes the API's own rules, and its stored score is what the explanation adds up to.
        var top = leads[0];
        var id = top.GetProperty("id").GetString();
        await (await api.PatchJsonAsync($"/api/v1/leads/{id}", new { title = top.GetProperty("title").GetString() })).ShouldBeAsync(HttpStatusCode.OK);
        var score = await (await api.GetAsync($"/api/v1/leads/{id}/score")).ShouldBeAsync(HttpStatusCode.OK);
        score.GetProperty("score").GetInt32().ShouldBe(top.GetProperty("score").GetInt32());

        (await (await api.GetAsync("/api/v1/forms")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
        (await (await api.GetAsync("/api/v1/scoring-rules")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(10);
        (await (await api.GetAsync("/api/v1/assignment-rules")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
    }
}
