using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

public class BoardPageTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task The_filter_form_with_empty_fields_shows_the_board(DatabaseProvider provider)
    {
        // The board's filter form sends every field, empty ones too; typed binding answered 400 and the pipeline selector showed nothing.
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var pipeline = await SalesRecords.AddPipelineAsync(api);
        await SalesRecords.AddDealAsync(api, new { name = "Engine deal" });
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var board = await ui.GetAsync("/deals/board?pipelineId=&ownerId=&closeFrom=&closeTo=");
        board.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await board.Content.ReadAsStringAsync()).ShouldContain("Engine deal");
        var odd = await ui.GetAsync("/deals/board?pipelineId=nope&ownerId=&closeFrom=31.12.2026&closeTo=");
        odd.StatusCode.ShouldBe(HttpStatusCode.OK);
        var filtered = await ui.GetAsync("/deals/board?closeFrom=1990-01-01&closeTo=1990-12-31");
        filtered.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await filtered.Content.ReadAsStringAsync()).ShouldNotContain("Engine deal");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_drop_on_the_lost_column_moves_the_deal_with_its_lost_reason_and_note(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Acme", "ana@example.com");
        using var api = app.ApiClient(owner.ApiKey);
        var pipeline = await SalesRecords.AddPipelineAsync(api);
        await (await api.PostJsonAsync("/api/v1/lost-reasons", new { name = "Timing" })).ShouldBeAsync(HttpStatusCode.Created);
        var deal = await SalesRecords.AddDealAsync(api, new { name = "Engine deal" });
        var id = deal.GetProperty("id").GetString();
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A stale version: refused, nothing moved.
        var stale = await ui.SubmitFormAsync("/deals/board", $"/deals/{id}/move",
            new() { ["stageId"] = pipeline["Lost"], ["version"] = "999", ["lostReason"] = "Timing" });
        stale.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        stale.Headers.Location!.ToString().ShouldContain("error=");
        var moved = await ui.SubmitFormAsync("/deals/board", $"/deals/{id}/move", new()
        {
            ["stageId"] = pipeline["Lost"], ["version"] = deal.GetProperty("version").ToString(), ["lostReason"] = " timing ", ["lostNote"] = " Next year ",
        });
        moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        moved.Headers.Location!.ToString().ShouldContain("done=");
        var lost = await (await api.GetAsync($"/api/v1/deals/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        lost.GetProperty("status").GetString().ShouldBe("lost");
        lost.GetProperty("lostReason").GetString().ShouldBe("Timing");
        lost.GetProperty("lostNote").GetString().ShouldBe("Next year");
    }
}
