using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Sales;
using Rapport.Sales.Features;
using Rapport.Tests.Activities;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Sales;

public class DealsApiTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task A_deal_is_created_with_defaults_read_changed_and_deleted_to_the_trash(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var account = await app.AddAccountAsync(owner.WorkspaceId);

        var response = await api.PostJsonAsync("/api/v1/deals", new
        {
            name = "  Acme renewal ", amount = 12000.50, accountId = account, expectedCloseDate = "2026-12-15",
            contacts = new[] { new { contactId = contact, role = "decisionMaker" } }, nextStep = "Call Ada",
        });
        var deal = await response.ShouldBeAsync(HttpStatusCode.Created);
        var id = deal.Str("id");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/deals/{id}");
        deal.Str("name").ShouldBe("Acme renewal");
        deal.Str("pipelineId").ShouldBe(p.Id);                 // the first pipeline
        deal.Str("stageId").ShouldBe(p["Qualification"]);     // its first open stage
        deal.Str("status").ShouldBe("open");
        deal.GetProperty("probability").GetInt32().ShouldBe(10);
        deal.GetProperty("probabilityOverridden").GetBoolean().ShouldBeFalse();
        deal.Str("forecastCategory").ShouldBe("pipeline");
        deal.Str("currency").ShouldBe("USD");                 // the workspace's base currency
        deal.GetProperty("amount").GetDecimal().ShouldBe(12000.50m);
        deal.Str("ownerId").ShouldBe(owner.UserId.ToString());
        deal.Str("expectedCloseDate").ShouldBe("2026-12-15");
        deal.GetProperty("contacts")[0].Str("role").ShouldBe("decisionMaker");
        deal.GetProperty("stageHistory").GetArrayLength().ShouldBe(1);

        // Override the probability; a stale If-Match is a 412; moving clears the override.
        var etag = response.Headers.ETag!.ToString();
        var changed = await (await api.PatchJsonAsync($"/api/v1/deals/{id}", new { probability = 40, forecastCategory = "bestCase" }, etag)).ShouldBeAsync(HttpStatusCode.OK);
        changed.GetProperty("probability").GetInt32().ShouldBe(40);
        changed.GetProperty("probabilityOverridden").GetBoolean().ShouldBeTrue();
        await (await api.PatchJsonAsync($"/api/v1/deals/{id}", new { stageId = p["Proposal"] }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        var moved = await api.MoveAsync(id, p["Proposal"]);
        moved.GetProperty("probability").GetInt32().ShouldBe(50);
        moved.Str("forecastCategory").ShouldBe("bestCase");

        // Won: closed, 100 %, won date; reopened: back to the pipeline category, no won date.
        var won = await api.MoveAsync(id, p["Won"]);
        won.Str("status").ShouldBe("won");
        won.Str("forecastCategory").ShouldBe("closed");
        won.GetProperty("probability").GetInt32().ShouldBe(100);
        won.GetProperty("wonAt").ValueKind.ShouldBe(JsonValueKind.String);
        var reopened = await api.MoveAsync(id, p["Negotiation"]);
        reopened.Str("forecastCategory").ShouldBe("pipeline");
        reopened.GetProperty("wonAt").ValueKind.ShouldBe(JsonValueKind.Null);

        // Lists filter.
        await api.AddDealAsync(new { name = "Other", stageId = p["Discovery"], amount = 10 });
        async Task<int> Count(string query) => (await (await api.GetAsync("/api/v1/deals" + query)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength();
        (await Count("")).ShouldBe(2);
        (await Count($"?stageId={p["Discovery"]}")).ShouldBe(1);
        (await Count($"?accountId={account}")).ShouldBe(1);
        (await Count($"?contactId={contact}")).ShouldBe(1);
        (await Count("?status=open&q=acme")).ShouldBe(1);
        (await Count("?closeFrom=2026-12-01&closeTo=2026-12-31")).ShouldBe(1);
        (await Count("?sort=-amount&limit=1")).ShouldBe(1);
        var byName = await (await api.GetAsync("/api/v1/deals?sort=name&limit=1")).JsonAsync();
        byName.GetProperty("items")[0].Str("name").ShouldBe("Acme renewal");
        (await (await api.GetAsync($"/api/v1/deals?sort=name&limit=1&cursor={byName.Str("nextCursor")}")).JsonAsync()).GetProperty("items")[0].Str("name").ShouldBe("Other");

        // Deals are found by global search, and leave it in the trash.
        var found = await (await api.GetAsync("/api/v1/search?q=acme%20renew")).ShouldBeAsync(HttpStatusCode.OK);
        found.GetProperty("items").EnumerateArray().Where(i => i.Str("type") == "deal").Select(i => i.Str("id")).ShouldBe([id]);
        found.GetProperty("items").EnumerateArray().First(i => i.Str("type") == "deal").Str("subtitle").ShouldBe("Deal · 12000.50 USD");

        // Delete → trash (contacts and line items kept) → restore.
        await (await api.DeleteAsync($"/api/v1/deals/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await api.GetAsync($"/api/v1/deals/{id}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await api.GetAsync("/api/v1/search?q=acme")).JsonAsync()).GetProperty("items").EnumerateArray().Count(i => i.Str("type") == "deal").ShouldBe(0);
        await (await api.PostAsync($"/api/v1/trash/{id}/restore", null)).ShouldBeAsync(HttpStatusCode.OK);
        var restored = await (await api.GetAsync($"/api/v1/deals/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        restored.GetProperty("contacts").GetArrayLength().ShouldBe(1);
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).JsonAsync();
        audit.GetProperty("items").EnumerateArray().Select(a => a.Str("action")).ShouldContain("created");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Line_items_make_the_amount(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        await api.AddPipelineAsync();
        var product = await (await api.PostJsonAsync("/api/v1/products", new { sku = "SEAT-1", name = "Seat", price = 120, currency = "USD" })).ShouldBeAsync(HttpStatusCode.Created);
        // 10 seats at the list price 120, less 15 % = 1020; a setup line 500 × 1 = 500 → 1520.
        var deal = await api.AddDealAsync(new
        {
            name = "Seats",
            lineItems = new object[] { new { productId = product.Str("id"), quantity = 10, discount = 15 }, new { description = "Setup", unitPrice = 500 } },
        });
        deal.GetProperty("amount").GetDecimal().ShouldBe(1520m);
        deal.GetProperty("lineItems")[0].GetProperty("unitPrice").GetDecimal().ShouldBe(120m);
        deal.GetProperty("lineItems")[0].GetProperty("total").GetDecimal().ShouldBe(1020m);
        var id = deal.Str("id");
        // Typing an amount that is not the lines' total is refused; changing the lines changes it.
        var bad = await (await api.PatchJsonAsync($"/api/v1/deals/{id}", new { amount = 99 })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("amount").GetArrayLength().ShouldBe(1);
        var fewer = await (await api.PatchJsonAsync($"/api/v1/deals/{id}", new { lineItems = new[] { new { productId = product.Str("id"), quantity = 2, discount = 0 } } })).ShouldBeAsync(HttpStatusCode.OK);
        fewer.GetProperty("amount").GetDecimal().ShouldBe(240m);
        // Without lines, the amount is typed in.
        var typed = await (await api.PatchJsonAsync($"/api/v1/deals/{id}", new { lineItems = Array.Empty<object>(), amount = 300 })).ShouldBeAsync(HttpStatusCode.OK);
        typed.GetProperty("amount").GetDecimal().ShouldBe(300m);
        // Line items are child rows: each change of them has its own audit entry with the old and new lists.
        var audit = await (await api.GetAsync($"/api/v1/audit?entityId={id}")).ShouldBeAsync(HttpStatusCode.OK);
        var lineChanges = audit.GetProperty("items").EnumerateArray()
            .Where(a => a.TryGetProperty("changes", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("lineItems", out _)).ToList();
        lineChanges.Count.ShouldBe(2);
        lineChanges.Select(a => a.GetProperty("changes").GetProperty("lineItems").GetProperty("new").GetArrayLength()).ShouldBe([0, 1], ignoreOrder: true);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_deal_input_is_a_400_naming_the_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var noPipeline = await (await api.PostJsonAsync("/api/v1/deals", new { name = "Too early" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        noPipeline.GetProperty("errors").GetProperty("pipelineId").GetArrayLength().ShouldBe(1);
        var p = await api.AddPipelineAsync();
        var other = await api.AddPipelineAsync("Other");
        async Task<string[]> Errors(object body) =>
            (await (await api.PostJsonAsync("/api/v1/deals", body)).ShouldBeAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
        (await Errors(new { amount = 5 })).ShouldBe(["name"]);
        (await Errors(new { name = "D", currency = "euro" })).ShouldBe(["currency"]);
        (await Errors(new { name = "D", amount = -1 })).ShouldBe(["amount"]);
        (await Errors(new { name = "D", probability = 101 })).ShouldBe(["probability"]);
        (await Errors(new { name = "D", forecastCategory = "maybe" })).ShouldBe(["forecastCategory"]);
        (await Errors(new { name = "D", forecastCategory = "closed" })).ShouldBe(["forecastCategory"]);
        (await Errors(new { name = "D", pipelineId = p.Id, stageId = other["Discovery"] })).ShouldBe(["stageId"]);
        (await Errors(new { name = "D", stageId = Guid.NewGuid() })).ShouldBe(["stageId"]);
        (await Errors(new { name = "D", pipelineId = Guid.NewGuid() })).ShouldBe(["pipelineId"]);
        (await Errors(new { name = "D", ownerId = Guid.NewGuid() })).ShouldBe(["ownerId"]);
        (await Errors(new { name = "D", contacts = new[] { new { contactId = Guid.NewGuid(), role = "boss" } } })).ShouldBe(["contacts[0].role"]);
        (await Errors(new { name = "D", lineItems = new[] { new { productId = Guid.NewGuid() } } })).ShouldBe(["lineItems[0].productId"]);
        (await Errors(new { name = "D", lineItems = new[] { new { quantity = 1 } } })).ShouldContain("lineItems[0].description");
        await (await api.PostJsonAsync("/api/v1/deals", new { name = "D", contacts = new[] { new { contactId = Guid.NewGuid() } } })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await api.PostJsonAsync("/api/v1/deals", new { name = "D", accountId = Guid.NewGuid() })).ShouldBeAsync(HttpStatusCode.NotFound);
        var deal = await api.AddDealAsync(new { name = "Fine" });
        var patch = await (await api.PatchJsonAsync($"/api/v1/deals/{deal.Str("id")}", new { wonAt = "2026-01-01T00:00:00Z", colour = "red" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        patch.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["colour", "wonAt"]);
        await (await api.GetAsync("/api/v1/deals?status=maybe")).ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/deals?sort=colour")).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_stage_history_records_the_time_spent_in_each_stage(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var id = (await api.AddDealAsync(new { name = "Timed", amount = 100 })).Str("id");
        app.Clock.Advance(TimeSpan.FromDays(2));
        await api.MoveAsync(id, p["Discovery"]);
        app.Clock.Advance(TimeSpan.FromDays(3.5));
        await api.MoveAsync(id, p["Lost"]);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var deal = await (await api.GetAsync($"/api/v1/deals/{id}")).JsonAsync();
        var history = deal.GetProperty("stageHistory").EnumerateArray().ToList();
        history.Select(h => h.Str("stageName")).ShouldBe(["Qualification", "Discovery", "Lost"]);
        history.Select(h => h.GetProperty("days").GetDouble()).ShouldBe([2.0, 3.5, 1.0]);
        history[1].Str("fromStageId").ShouldBe(p["Qualification"]);
        history[2].GetProperty("leftAt").ValueKind.ShouldBe(JsonValueKind.Null);
        deal.Str("status").ShouldBe("lost");
        deal.GetProperty("lostAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_move_route_moves_with_the_lost_reason_and_note_and_refuses_a_stale_version(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var owner = await app.SignUpAsync("A");
        var other = await app.SignUpAsync("B");
        using var api = app.ApiClient(owner.ApiKey);
        using var apiB = app.ApiClient(other.ApiKey);
        var p = await api.AddPipelineAsync();
        await (await api.PostJsonAsync("/api/v1/lost-reasons", new { name = "Price" })).ShouldBeAsync(HttpStatusCode.Created);
        var created = await api.PostJsonAsync("/api/v1/deals", new { name = "Moving", amount = 100, probability = 40 });
        var id = (await created.ShouldBeAsync(HttpStatusCode.Created)).Str("id");
        var etag = created.Headers.ETag!.ToString();

        var moved = await api.PostJsonAsync($"/api/v1/deals/{id}/move", new { stageId = p["Discovery"] });
        var discovery = await moved.ShouldBeAsync(HttpStatusCode.OK);
        discovery.Str("stageId").ShouldBe(p["Discovery"]);
        discovery.GetProperty("probability").GetInt32().ShouldBe(25); // the typed-in 40 is dropped by a move
        moved.Headers.ETag!.ToString().ShouldNotBe(etag);
        // The version the deal was drawn with is stale now: 412, nothing moved.
        await (await api.SendRawAsync(HttpMethod.Post, $"/api/v1/deals/{id}/move", $$"""{"stageId":"{{p["Proposal"]}}"}""",
            configure: r => r.Headers.TryAddWithoutValidation("If-Match", etag))).ShouldBeAsync(HttpStatusCode.PreconditionFailed);

        // Lost, with a reason of the workspace's list (its spelling kept) and a note; blank ones are left as they are.
        var bad = await (await api.PostJsonAsync($"/api/v1/deals/{id}/move", new { stageId = p["Lost"], lostReason = "Weather" })).ShouldBeAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("lostReason")[0].GetString()!.ShouldContain("Price");
        var lost = await (await api.PostJsonAsync($"/api/v1/deals/{id}/move", new { stageId = p["Lost"], lostReason = " price ", lostNote = " Too dear " })).ShouldBeAsync(HttpStatusCode.OK);
        lost.Str("status").ShouldBe("lost");
        lost.Str("lostReason").ShouldBe("Price");
        lost.Str("lostNote").ShouldBe("Too dear");
        lost.GetProperty("stageHistory").EnumerateArray().Select(h => h.Str("stageId")).ShouldBe([p["Qualification"], p["Discovery"], p["Lost"]]);

        // No stage: a 400 naming it; another workspace: 404.
        (await (await api.PostJsonAsync($"/api/v1/deals/{id}/move", new { lostReason = "Price" })).ShouldBeAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("stageId", out _).ShouldBeTrue();
        await (await apiB.PostJsonAsync($"/api/v1/deals/{id}/move", new { stageId = p["Won"] })).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await api.GetAsync($"/api/v1/deals/{id}")).JsonAsync()).Str("status").ShouldBe("lost");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deals_follow_record_visibility_and_other_workspaces_get_404(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("A");
        var other = await app.SignUpAsync("B");
        using var api = app.ApiClient(owner.ApiKey);
        using var apiB = app.ApiClient(other.ApiKey);
        await api.AddPipelineAsync();
        var rep = await app.AddMemberAsync(api, owner.WorkspaceId, "sales", name: "Rita Rep");
        using var repApi = app.ApiClient(rep.ApiKey);
        var mine = (await api.AddDealAsync(new { name = "Owner's deal" })).Str("id");
        var theirs = (await repApi.AddDealAsync(new { name = "Rep's deal" })).Str("id");
        // A sales rep without a team sees their own deals (and unowned ones); the owner sees all.
        await (await repApi.GetAsync($"/api/v1/deals/{mine}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await repApi.PatchJsonAsync($"/api/v1/deals/{mine}", new { name = "Mine now" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await repApi.GetAsync($"/api/v1/audit?entityId={mine}")).ShouldBeAsync(HttpStatusCode.NotFound);
        (await (await repApi.GetAsync("/api/v1/deals")).JsonAsync()).GetProperty("items").EnumerateArray().Select(d => d.Str("id")).ShouldBe([theirs]);
        (await (await api.GetAsync("/api/v1/deals")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(2);
        await (await apiB.GetAsync($"/api/v1/deals/{mine}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.PatchJsonAsync($"/api/v1/deals/{mine}", new { name = "B's" })).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await apiB.DeleteAsync($"/api/v1/deals/{mine}")).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_module_creates_a_deal_through_the_CreateDeal_handler(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var id = await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<CreateDeal>().HandleAsync(
            new CreateDeal.Request(Name: "From a lead", PipelineId: Guid.Parse(p.Id), Amount: 5000m, Currency: "EUR", OwnerId: owner.UserId,
                Contacts: [new CreateDeal.ContactInput(contact, "champion")]), default));
        var deal = await (await api.GetAsync($"/api/v1/deals/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        deal.Str("stageId").ShouldBe(p["Qualification"]);
        deal.Str("currency").ShouldBe("EUR");
        deal.GetProperty("contacts")[0].Str("role").ShouldBe("champion");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deal_events_appear_on_the_timelines_of_its_contacts_its_account_and_its_own(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        var account = await app.AddAccountAsync(owner.WorkspaceId);
        var id = (await api.AddDealAsync(new { name = "Acme", accountId = account, contacts = new[] { new { contactId = contact } } })).Str("id");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.MoveAsync(id, p["Proposal"]);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.MoveAsync(id, p["Won"]);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await api.PatchJsonAsync($"/api/v1/deals/{id}", new { nextStep = "Kick-off" })).ShouldBeAsync(HttpStatusCode.OK);

        var titles = new[] { "Deal won: Acme", "Deal Acme moved to Proposal", "Deal created: Acme (Qualification)" };
        var onContact = await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline?type=deal")).ShouldBeAsync(HttpStatusCode.OK);
        onContact.GetProperty("items").EnumerateArray().Select(i => i.Str("title")).ShouldBe(titles);
        onContact.GetProperty("items")[0].GetProperty("data").Str("event").ShouldBe("won");
        var onAccount = await (await api.GetAsync($"/api/v1/accounts/{account}/timeline?type=deal")).ShouldBeAsync(HttpStatusCode.OK);
        onAccount.GetProperty("items").EnumerateArray().Select(i => i.Str("title")).ShouldBe(titles);
        var own = await (await api.GetAsync($"/api/v1/deals/{id}/timeline")).ShouldBeAsync(HttpStatusCode.OK);
        own.GetProperty("items").EnumerateArray().Select(i => i.Str("title")).ShouldBe(["Changed: nextStep", "Won", "Moved to Proposal", "Created in Qualification"]);
        var page = await (await api.GetAsync($"/api/v1/deals/{id}/timeline?limit=2")).JsonAsync();
        var rest = await (await api.GetAsync($"/api/v1/deals/{id}/timeline?limit=2&cursor={page.Str("nextCursor")}")).JsonAsync();
        rest.GetProperty("items").EnumerateArray().Select(i => i.Str("title")).ShouldBe(["Moved to Proposal", "Created in Qualification"]);
        // In the trash, the deal leaves the timelines.
        await (await api.DeleteAsync($"/api/v1/deals/{id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        (await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline?type=deal")).JsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await api.GetAsync($"/api/v1/deals/{id}/timeline")).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Needs_attention_lists_open_deals_without_next_step_idle_or_past_their_close_date(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        using var api = app.ApiClient(owner.ApiKey);
        var p = await api.AddPipelineAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var noStep = (await api.AddDealAsync(new { name = "No step", expectedCloseDate = today.AddDays(30) })).Str("id");
        var late = (await api.AddDealAsync(new { name = "Late", nextStep = "Call", expectedCloseDate = today.AddDays(-1) })).Str("id");
        var fine = (await api.AddDealAsync(new { name = "Fine", nextStep = "Demo", expectedCloseDate = today.AddDays(30) })).Str("id");
        var won = (await api.AddDealAsync(new { name = "Won", stageId = p["Won"] })).Str("id");
        async Task<Dictionary<string, string[]>> Attention(string query = "") =>
            (await (await api.GetAsync("/api/v1/deals/needs-attention" + query)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("deal").Str("name"), i => i.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray());
        var now = await Attention();
        now.Keys.Order().ShouldBe(["Late", "No step"]);
        now["No step"].ShouldBe(["noNextStep"]);
        now["Late"].ShouldBe(["pastCloseDate"]);
        // 15 days later without activity, every open deal is idle (14 days by default).
        app.Clock.Advance(TimeSpan.FromDays(15));
        var later = await Attention();
        later.Keys.Order().ShouldBe(["Fine", "Late", "No step"]);
        later["Fine"].ShouldBe(["idle"]);
        (await Attention("?idleDays=30")).Keys.Order().ShouldBe(["Late", "No step"]);
        // An interaction with the deal's contact counts as activity.
        var contact = await app.AddContactAsync(owner.WorkspaceId);
        await (await api.PatchJsonAsync($"/api/v1/deals/{fine}", new { contacts = new[] { new { contactId = contact } } })).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.PostJsonAsync("/api/v1/interactions", new { contactId = contact, channel = "call", direction = "outbound", subject = "Check-in" })).ShouldBeAsync(HttpStatusCode.Created);
        (await Attention()).Keys.ShouldNotContain("Fine");
        await (await api.GetAsync("/api/v1/deals/needs-attention?idleDays=0")).ShouldBeAsync(HttpStatusCode.BadRequest);
        _ = (noStep, late, won);
    }
}
