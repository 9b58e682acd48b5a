using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

public class PipelinesApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task A_pipeline_is_created_with_its_stages_renamed_reordered_extended_and_a_stage_deleted_moving_its_deals(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        p.Body.GetProperty("name").GetString().ShouldBe("New business");
        p.Body.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["Qualification", "Discovery", "Proposal", "Negotiation", "Won", "Lost"]);
        p.Body.GetProperty("stages")[0].GetProperty("rottingDays").GetInt32().ShouldBe(14);
        p.Body.GetProperty("stages")[4].GetProperty("type").GetString().ShouldBe("won");

        var list = await (await api.GetAsync("/api/v1/pipelines")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("items").GetArrayLength().ShouldBe(1);

        // Rename, reorder (Discovery before Qualification), rename a stage, add "Demo" after Discovery.
        var get = await api.GetAsync($"/api/v1/pipelines/{p.Id}");
        var etag = get.Headers.ETag!.ToString();
        var patched = await (await api.PatchJsonAsync($"/api/v1/pipelines/{p.Id}", new
        {
            name = "Enterprise",
            stages = new object[]
            {
                new { id = p["Discovery"], name = "Discovery", probability = 20, type = "open" },
                new { name = "Demo", probability = 30, type = "open", rottingDays = 5 },
                new { id = p["Qualification"], name = "Qualify", probability = 10, type = "open" },
                new { id = p["Proposal"], name = "Proposal", probability = 50, type = "open" },
                new { id = p["Negotiation"], name = "Negotiation", probability = 75, type = "open" },
                new { id = p["Won"], name = "Won", probability = 100, type = "won" },
                new { id = p["Lost"], name = "Lost", probability = 0, type = "lost" },
            },
        }, etag)).ShouldBeAsync(HttpStatusCode.OK);
        patched.GetProperty("name").GetString().ShouldBe("Enterprise");
        patched.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["Discovery", "Demo", "Qualify", "Proposal", "Negotiation", "Won", "Lost"]);
        patched.GetProperty("stages")[0].GetProperty("id").GetString().ShouldBe(p["Discovery"]);
        patched.GetProperty("stages")[1].GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        // The old version is stale now.
        await (await api.PatchJsonAsync($"/api/v1/pipelines/{p.Id}", new { name = "Again" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        // Leaving a stage out is refused: deleting is a separate call that says where the deals go.
        var missing = await (await api.PatchJsonAsync($"/api/v1/pipelines/{p.Id}", new { stages = new object[] { new { id = p["Won"], name = "Won", probability = 100, type = "won" }, new { name = "Open", probability = 5, type = "open" } } }))
            .ShouldBeAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").GetProperty("stages")[0].GetString()!.ShouldContain("missing");

        // Deleting a stage with deals needs a target; the deals move there with history.
        var deal = await api.AddDealAsync(new { name = "Big one", stageId = p["Proposal"], amount = 1000 });
        await (await api.DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{p["Proposal"]}")).ShouldBeAsync(HttpStatusCode.Conflict);
        var after = await (await api.DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{p["Proposal"]}?moveDealsTo={p["Negotiation"]}")).ShouldBeAsync(HttpStatusCode.OK);
        after.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldNotContain("Proposal");
        var moved = await (await api.GetAsync($"/api/v1/deals/{deal.Str("id")}")).ShouldBeAsync(HttpStatusCode.OK);
        moved.Str("stageId").ShouldBe(p["Negotiation"]);
        moved.GetProperty("probability").GetInt32().ShouldBe(75);
        moved.GetProperty("stageHistory").EnumerateArray().Select(h => h.Str("stageName")).ShouldBe(["Proposal", "Negotiation"]);
        // The deleted stage is in the trash; a pipeline with deals cannot be deleted.
        (await (await api.GetAsync("/api/v1/trash")).JsonAsync()).GetProperty("items").EnumerateArray().Single().GetProperty("title").GetString().ShouldBe("Stage: Proposal");
        await (await api.DeleteAsync($"/api/v1/pipelines/{p.Id}")).ShouldBeAsync(HttpStatusCode.Conflict);
        var empty = await api.AddPipelineAsync("Renewals");
        await (await api.DeleteAsync($"/api/v1/pipelines/{empty.Id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/pipelines/{empty.Id}")).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_pipelines_are_400s_naming_the_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        async Task<string[]> Errors(object body) =>
            (await (await api.PostJsonAsync("/api/v1/pipelines", body)).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
        (await Errors(new { stages = new[] { new { name = "A", probability = 10, type = "open" } } })).ShouldBe(["name"]);
        (await Errors(new { name = "P" })).ShouldBe(["stages"]);
        (await Errors(new { name = "P", stages = new[] { new { name = "Won", probability = 100, type = "won" } } })).ShouldBe(["stages"]);
        (await Errors(new { name = "P", stages = new[] { new { name = "A", probability = 10, type = "maybe" } } })).ShouldBe(["stages[0].type"]);
        (await Errors(new { name = "P", stages = new[] { new { name = "A", probability = 120, type = "open" } } })).ShouldBe(["stages[0].probability"]);
        (await Errors(new { name = "P", stages = new object[] { new { name = "A", probability = 10, type = "open" }, new { name = "W", probability = 50, type = "won" } } })).ShouldBe(["stages[1].probability"]);
        (await Errors(new { name = "P", stages = new[] { new { name = "A", probability = 10, type = "open" }, new { name = "a", probability = 20, type = "open" } } })).ShouldBe(["stages"]);
        (await Errors(new { name = "P", stages = new[] { new { name = "A", probability = 10, type = "open", rottingDays = 0 } } })).ShouldBe(["stages[0].rottingDays"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_workspaces_pipeline_is_a_404(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("A");
        var b = await app.SignUpAsync("B");
        using var apiA = app.ApiClient(a.ApiKey);
        using var apiB = app.ApiClient(b.ApiKey);
        var p = await apiA.AddPipelineAsync();
        await (await apiB.GetAsync($"/api/v1/pipelines/{p.Id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.PatchJsonAsync($"/api/v1/pipelines/{p.Id}", new { name = "Mine" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{p["Lost"]}")).ShouldBeAsync(HttpStatusCode.NotFound);
        // B cannot put a deal in A's stage either.
        var bad = await (await apiB.PostJsonAsync("/api/v1/deals", new { name = "X", stageId = p["Discovery"] })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("stageId").GetArrayLength().ShouldBe(1);
        (await (await apiB.GetAsync("/api/v1/pipelines")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
    }
}
