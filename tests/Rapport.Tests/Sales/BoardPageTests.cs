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
}
