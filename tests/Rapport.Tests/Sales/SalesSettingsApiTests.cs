using System.Net;
using Rapport.Data;
using Rapport.Tests.Activities;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

public class SalesSettingsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Entering_a_stage_creates_the_follow_up_tasks_of_its_rules_for_the_owner(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var rep = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Mia Rep");
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var rule = await (await api.PostJsonAsync("/api/v1/stage-rules", new { stageId = p["Proposal"], taskTitle = "Send proposal", dueInDays = 2 })).ShouldBeAsync(HttpStatusCode.Created);
        (await (await api.GetAsync($"/api/v1/stage-rules?stageId={p["Proposal"]}")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(1);
        (await (await api.PostJsonAsync("/api/v1/stage-rules", new { stageId = Guid.NewGuid(), taskTitle = "X", dueInDays = 1 })).ShouldBeAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("stageId").GetArrayLength().ShouldBe(1);
        (await (await api.PostJsonAsync("/api/v1/stage-rules", new { stageId = p["Proposal"], taskTitle = "", dueInDays = -1 })).ShouldBeAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["dueInDays", "taskTitle"]);

        var deal = await api.AddDealAsync(new { name = "Acme", ownerId = rep.UserId, contacts = new[] { new { contactId = contact } } });
        var moved = await api.MoveAsync(deal.Str("id"), p["Proposal"]);
        var tasks = (await (await api.GetAsync($"/api/v1/tasks?contactId={contact}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        tasks.Count.ShouldBe(1);
        tasks[0].Str("title").ShouldBe("Send proposal — Acme");
        tasks[0].Str("assigneeId").ShouldBe(rep.UserId.ToString());
        (tasks[0].GetProperty("dueAt").GetDateTime() - moved.GetProperty("stageEnteredAt").GetDateTime()).ShouldBe(TimeSpan.FromDays(2));
        // Re-saving the deal without a move creates nothing; a move elsewhere and back creates it again.
        await (await api.PatchJsonAsync($"/api/v1/deals/{deal.Str("id")}", new { nextStep = "Wait" })).ShouldBeAsync(HttpStatusCode.OK);
        (await (await api.GetAsync($"/api/v1/tasks?contactId={contact}")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await api.DeleteAsync($"/api/v1/stage-rules/{rule.Str("id")}")).ShouldBeAsync(HttpStatusCode.NoContent);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lost_reasons_and_exchange_rates_are_kept_in_settings(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var price = await (await api.PostJsonAsync("/api/v1/lost-reasons", new { name = "Price" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/lost-reasons", new { name = "Timing" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/lost-reasons", new { name = "price" })).ShouldBeAsync(HttpStatusCode.Conflict);
        await (await api.PostJsonAsync("/api/v1/lost-reasons", new { name = " " })).ShouldBeAsync(HttpStatusCode.BadRequest);
        var deal = await api.AddDealAsync(new { name = "Lost one" });
        var bad = await (await api.PatchJsonAsync($"/api/v1/deals/{deal.Str("id")}", new { stageId = p["Lost"], lostReason = "Weather" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("lostReason")[0].GetString()!.ShouldContain("Price");
        var lost = await (await api.PatchJsonAsync($"/api/v1/deals/{deal.Str("id")}", new { stageId = p["Lost"], lostReason = "price", lostNote = "Went with a cheaper tool" })).ShouldBeAsync(HttpStatusCode.OK);
        lost.Str("lostReason").ShouldBe("Price");
        lost.Str("lostNote").ShouldBe("Went with a cheaper tool");
        await (await api.PatchJsonAsync($"/api/v1/lost-reasons/{price.Str("id")}", new { name = "Too expensive" })).ShouldBeAsync(HttpStatusCode.OK);

        var rates = await (await api.SendRawAsync(HttpMethod.Put, "/api/v1/exchange-rates", """{"rates":{"eur":1.1,"GBP":1.25}}""")).ShouldBeAsync(HttpStatusCode.OK);
        rates.Str("baseCurrency").ShouldBe("USD");
        rates.GetProperty("rates").EnumerateArray().Select(r => r.Str("currency")).ShouldBe(["EUR", "GBP"]);
        var badRates = await (await api.SendRawAsync(HttpMethod.Put, "/api/v1/exchange-rates", """{"rates":{"EURO":1.1,"JPY":-1}}""")).ShouldBeAsync(HttpStatusCode.BadRequest);
        badRates.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["rates.EURO", "rates.JPY"]);
        var replaced = await (await api.SendRawAsync(HttpMethod.Put, "/api/v1/exchange-rates", """{"rates":{"GBP":1.3}}""")).ShouldBeAsync(HttpStatusCode.OK);
        replaced.GetProperty("rates").EnumerateArray().Select(r => r.Str("currency")).ShouldBe(["GBP"]);

        // Settings are for owners and admins.
        var rep = await app.AddMemberAsync(api, owner.WorkspaceId, "sales");
        using var repApi = app.ApiClient(rep.ApiKey);
        await (await repApi.PostJsonAsync("/api/v1/lost-reasons", new { name = "Mine" })).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await repApi.PostJsonAsync("/api/v1/pipelines", new { name = "Mine", stages = new[] { new { name = "A", probability = 1, type = "open" } } })).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await repApi.GetAsync("/api/v1/exchange-rates")).ShouldBeAsync(HttpStatusCode.OK);
    }
}
