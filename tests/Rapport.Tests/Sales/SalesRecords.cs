using System.Net;
using System.Text.Json;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

/// <summary>Pipelines and deals for the sales tests, made through the API.</summary>
public static class SalesRecords
{
    public sealed record TestPipeline(string Id, Dictionary<string, string> Stages, JsonElement Body)
    {
        public string this[string stage] => Stages[stage];
    }

    /// <summary>"New business": Qualification 10, Discovery 25, Proposal 50, Negotiation 75, Won, Lost.</summary>
    public static async Task<TestPipeline> AddPipelineAsync(this HttpClient api, string name = "New business")
    {
        var body = await (await api.PostJsonAsync("/api/v1/pipelines", new
        {
            name,
            stages = new object[]
            {
                new { name = "Qualification", probability = 10, type = "open", rottingDays = 14 },
                new { name = "Discovery", probability = 25, type = "open" },
                new { name = "Proposal", probability = 50, type = "open", rottingDays = 10 },
                new { name = "Negotiation", probability = 75, type = "open" },
                new { name = "Won", probability = 100, type = "won" },
                new { name = "Lost", probability = 0, type = "lost" },
            },
        })).ShouldBeAsync(HttpStatusCode.Created);
        return new TestPipeline(body.GetProperty("id").GetString()!,
            body.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetString()!), body);
    }

    public static async Task<JsonElement> AddDealAsync(this HttpClient api, object body) =>
        await (await api.PostJsonAsync("/api/v1/deals", body)).ShouldBeAsync(HttpStatusCode.Created);

    /// <summary>Moves a deal to a stage (PATCH stageId with its current version as If-Match); returns the deal after.</summary>
    public static async Task<JsonElement> MoveAsync(this HttpClient api, string dealId, string stageId)
    {
        var get = await api.GetAsync($"/api/v1/deals/{dealId}");
        return await (await api.PatchJsonAsync($"/api/v1/deals/{dealId}", new { stageId }, get.Headers.ETag!.ToString())).ShouldBeAsync(HttpStatusCode.OK);
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null! : e.GetProperty(name).ToString();
}
