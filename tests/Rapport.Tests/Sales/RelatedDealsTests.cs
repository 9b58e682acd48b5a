using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

/// <summary>The "Deals" card on contact and account pages (loaded from /deals/related).</summary>
public class RelatedDealsTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Contact_and_account_pages_list_their_deals(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var pipeline = await api.AddPipelineAsync();
        var account = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex", domain = "globex.example" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var contact = (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Hank", lastName = "Scorpio" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var other = (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Lone", lastName = "Wolf" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var won = await api.AddDealAsync(new { name = "Globex rollout", amount = 12000, accountId = account, contacts = new[] { new { contactId = contact, role = "champion" } } });
        await api.MoveAsync(won.GetProperty("id").GetString()!, pipeline["Won"]);
        await api.AddDealAsync(new { name = "Globex pilot", amount = 3000, accountId = account });

        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await ui.GetAsync($"/contacts/{contact}")).Content.ReadAsStringAsync()).ShouldContain($"hx-get=\"/deals/related?contactId={contact}\"");
        (await (await ui.GetAsync($"/accounts/{account}")).Content.ReadAsStringAsync()).ShouldContain($"hx-get=\"/deals/related?accountId={account}\"");

        var forContact = await (await ui.GetAsync($"/deals/related?contactId={contact}")).Content.ReadAsStringAsync();
        forContact.ShouldContain("Globex rollout");
        forContact.ShouldContain("won");
        forContact.ShouldNotContain("Globex pilot");
        var forAccount = await (await ui.GetAsync($"/deals/related?accountId={account}")).Content.ReadAsStringAsync();
        forAccount.ShouldContain("Globex rollout");
        forAccount.ShouldContain("Globex pilot");
        forAccount.ShouldContain($"href=\"/deals?accountId={account}\"");
        (await (await ui.GetAsync($"/deals/related?contactId={other}")).Content.ReadAsStringAsync()).ShouldContain("No deals yet.");
        (await ui.GetAsync("/deals/related")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await ui.GetAsync($"/deals?contactId={contact}")).Content.ReadAsStringAsync()).ShouldContain("Globex rollout");
    }
}
