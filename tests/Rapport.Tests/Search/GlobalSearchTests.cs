using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Platform.Features;
using Rapport.Search.Features;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Search;

public class GlobalSearchTests(SharedApps apps) : SharedAppTests(apps)
{
    private sealed record Hit(string Type, Guid Id, string Title, string? Subtitle);

    private static async Task<List<Hit>> SearchAsync(HttpClient api, string q, int? limit = null)
    {
        var url = $"/api/v1/search?q={Uri.EscapeDataString(q)}" + (limit is null ? "" : $"&limit={limit}");
        var body = await (await api.GetAsync(url)).ShouldBeAsync(HttpStatusCode.OK);
        return body.GetProperty("items").EnumerateArray().Select(i => new Hit(
            i.GetProperty("type").GetString()!, i.GetProperty("id").GetGuid(), i.GetProperty("title").GetString()!,
            i.TryGetProperty("subtitle", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null)).ToList();
    }

    internal static Contact NewContact(Guid workspaceId, string first, string last, string? email = null, string? phone = null, Guid? ownerId = null, params string[] moreEmails) => new()
    {
        WorkspaceId = workspaceId,
        FirstName = first,
        LastName = last,
        Email = email,
        Phone = phone,
        Emails = JsonSerializer.Serialize((email is null ? moreEmails : moreEmails.Prepend(email)).Select((a, i) => new { address = a, label = "work", primary = i == 0 })),
        Phones = JsonSerializer.Serialize(phone is null ? [] : new[] { new { number = phone, label = "mobile", primary = true } }),
        OwnerId = ownerId,
    };

    internal static async Task<T> SaveAsync<T>(RapportApp app, Guid workspaceId, T entity) where T : class
    {
        return await app.InWorkspaceAsync(workspaceId, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            switch (entity)
            {
                case Contact c: c.CreatedAt = c.UpdatedAt = db.Now; break;
                case Account a: a.CreatedAt = a.UpdatedAt = db.Now; break;
            }
            db.Add(entity);
            await db.SaveChangesAsync();
            return entity;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task Finds_by_name_prefix_typo_email_phone_and_domain(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        var ws = owner.WorkspaceId;
        var john = await SaveAsync(app, ws, NewContact(ws, "John", "Smith", "john.smith@acme.com", "+14155550100", null, "jsmith@home.example"));
        var mary = await SaveAsync(app, ws, NewContact(ws, "Mary", "Johnson", "mary@globex.org"));
        var jo = await SaveAsync(app, ws, NewContact(ws, "Jo", "Kim"));
        var anna = await SaveAsync(app, ws, NewContact(ws, "Anna", "Müller", "anna@beispiel.de"));
        var patrick = await SaveAsync(app, ws, NewContact(ws, "Patrick", "O'Brien"));
        var acme = await SaveAsync(app, ws, new Account { WorkspaceId = ws, Name = "Acme Corporation", Domain = "acme.com", Phone = "+442071234567" });
        using var api = app.ApiClient(owner.ApiKey);

        // Prefix, as you type; the whole word first.
        var jos = await SearchAsync(api, "jo");
        jos.Select(h => h.Id).ShouldBe([jo.Id, john.Id, mary.Id], ignoreOrder: true);
        jos[0].Id.ShouldBe(jo.Id);
        jos.ShouldContain(new Hit("contact", john.Id, "John Smith", "john.smith@acme.com"));
        (await SearchAsync(api, "Jo Smi")).Select(h => h.Id).ShouldBe([john.Id]);
        (await SearchAsync(api, "smith john")).Select(h => h.Id).ShouldBe([john.Id]);
        (await SearchAsync(api, "JOHN")).First().Id.ShouldBe(john.Id);

        // One typo in words of five letters or more; none in shorter words.
        (await SearchAsync(api, "Jonhson")).Select(h => h.Id).ShouldBe([mary.Id]);
        (await SearchAsync(api, "Johnsen")).Select(h => h.Id).ShouldBe([mary.Id]);
        (await SearchAsync(api, "Smiht")).Select(h => h.Id).ShouldBe([john.Id]);
        (await SearchAsync(api, "mary jonhs")).Select(h => h.Id).ShouldBe([mary.Id]);
        (await SearchAsync(api, "Patrik")).Select(h => h.Id).ShouldBe([patrick.Id]);
        (await SearchAsync(api, "Jhon")).ShouldBeEmpty();
        (await SearchAsync(api, "Smtihers")).ShouldBeEmpty();

        // Accents and apostrophes do not matter.
        (await SearchAsync(api, "muller")).Select(h => h.Id).ShouldBe([anna.Id]);
        (await SearchAsync(api, "Müll")).Select(h => h.Id).ShouldBe([anna.Id]);
        (await SearchAsync(api, "obrien")).Select(h => h.Id).ShouldBe([patrick.Id]);
        (await SearchAsync(api, "O'Brien")).Select(h => h.Id).ShouldBe([patrick.Id]);

        // E-mail: whole, the start, or any address of the contact.
        (await SearchAsync(api, "john.smith@acme.com")).Select(h => h.Id).ShouldBe([john.Id]);
        (await SearchAsync(api, "John.Sm")).Select(h => h.Id).ShouldBe([john.Id]);
        (await SearchAsync(api, "jsmith@home")).Select(h => h.Id).ShouldBe([john.Id]);
        (await SearchAsync(api, "jsmith")).Select(h => h.Id).ShouldBe([john.Id]);

        // Phone in any format.
        foreach (var q in new[] { "+1 (415) 555-0100", "415.555.0100", "4155550100", "+14155550100", "555-0100" })
            (await SearchAsync(api, q)).Select(h => h.Id).ShouldBe([john.Id], q);
        (await SearchAsync(api, "020 7123 4567")).Select(h => h.Id).ShouldBe([acme.Id]);

        // Domain: the account first, then the people who write from it.
        var domain = await SearchAsync(api, "acme.com");
        domain.Select(h => h.Id).ShouldBe([acme.Id, john.Id]);
        domain[0].ShouldBe(new Hit("account", acme.Id, "Acme Corporation", "acme.com"));
        (await SearchAsync(api, "acme")).First().Id.ShouldBe(acme.Id);
        (await SearchAsync(api, "Acme Corp")).Select(h => h.Id).ShouldBe([acme.Id]);

        (await SearchAsync(api, "zzyzx")).ShouldBeEmpty();
        (await SearchAsync(api, "j")).ShouldBeEmpty();
        (await SearchAsync(api, "jo", limit: 1)).Select(h => h.Id).ShouldBe([jo.Id]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Typos_rank_by_edit_distance_below_exact_and_prefix_matches(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        var ws = owner.WorkspaceId;
        var johnson = await SaveAsync(app, ws, NewContact(ws, "Mary", "Johnson"));
        var jonson = await SaveAsync(app, ws, NewContact(ws, "Erik", "Jonson"));
        var johnston = await SaveAsync(app, ws, NewContact(ws, "Ann", "Johnston"));
        var sandra = await SaveAsync(app, ws, NewContact(ws, "Sandra", "Johnson"));
        var sandro = await SaveAsync(app, ws, NewContact(ws, "Sandro", "Johnson"));
        using var api = app.ApiClient(owner.ApiKey);

        // One typo in each of two words (distance 2) ranks below one typo in one word (distance 1).
        (await SearchAsync(api, "sandra jonhson")).Select(h => h.Id).ShouldBe([sandra.Id, sandro.Id]);
        // Typing on: "johnst" starts Johnston; Johnson's start is one typo away, so it comes after.
        (await SearchAsync(api, "johnst")).Select(h => h.Id).ShouldBe([johnston.Id, johnson.Id, sandra.Id, sandro.Id]);
        // A typo's corrections, closest first: "jonsno" → Jonson (one transposition).
        (await SearchAsync(api, "jonsno")).Select(h => h.Id).ShouldBe([jonson.Id]);
        // Words found exactly as typed are not second-guessed.
        (await SearchAsync(api, "jonson")).Select(h => h.Id).ShouldBe([jonson.Id]);
        (await SearchAsync(api, "johnson")).Select(h => h.Id).ShouldBe([johnson.Id, sandra.Id, sandro.Id]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_sales_user_finds_own_team_and_unowned_records_only(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        var ws = owner.WorkspaceId;
        var (rep, mate, stranger) = await app.InWorkspaceAsync(ws, async sp =>
        {
            var teams = sp.GetRequiredService<ManageTeams>();
            var alpha = await teams.CreateAsync(new ManageTeams.Request("Alpha"), default);
            var beta = await teams.CreateAsync(new ManageTeams.Request("Beta"), default);
            var add = sp.GetRequiredService<AddUser>();
            var r = await add.HandleAsync(new AddUser.Request("rep@example.com", "Rita Rep", Roles.Sales, "a long passphrase 1", alpha.Id), default);
            var m = await add.HandleAsync(new AddUser.Request("mate@example.com", "Mo Mate", Roles.Sales, "a long passphrase 2", alpha.Id), default);
            var s = await add.HandleAsync(new AddUser.Request("other@example.com", "Olga Other", Roles.Sales, "a long passphrase 3", beta.Id), default);
            return (r.Id, m.Id, s.Id);
        });
        var mine = await SaveAsync(app, ws, NewContact(ws, "Walter", "Mine", ownerId: rep));
        var mates = await SaveAsync(app, ws, NewContact(ws, "Walter", "Mates", ownerId: mate));
        var hidden = await SaveAsync(app, ws, NewContact(ws, "Walter", "Hidden", "walter@hidden.example", "+15550001111", ownerId: stranger));
        var nobody = await SaveAsync(app, ws, NewContact(ws, "Walter", "Nobody"));
        var hiddenAccount = await SaveAsync(app, ws, new Account { WorkspaceId = ws, Name = "Walter Holdings", Domain = "hidden.example", OwnerId = stranger });

        async Task<List<Guid>> AsUser(Guid userId, string role, string q) => await app.InWorkspaceAsync(ws, async sp =>
        {
            sp.GetRequiredService<RequestContext>().Set(ws, role, userId: userId);
            var result = await sp.GetRequiredService<GlobalSearch>().HandleAsync(q, 50, default);
            return result.Items.Select(i => i.Id).ToList();
        });

        (await AsUser(rep, Roles.Sales, "walter")).ShouldBe([mates.Id, mine.Id, nobody.Id], ignoreOrder: true);
        (await AsUser(rep, Roles.Sales, "walter@hidden.example")).ShouldBeEmpty();
        (await AsUser(rep, Roles.Sales, "15550001111")).ShouldBeEmpty();
        (await AsUser(rep, Roles.Sales, "hidden.example")).ShouldBeEmpty();
        (await AsUser(rep, Roles.Sales, "Hiden")).ShouldBeEmpty();
        (await AsUser(stranger, Roles.Sales, "walter")).ShouldBe([hidden.Id, hiddenAccount.Id, nobody.Id], ignoreOrder: true);
        (await AsUser(owner.UserId, Roles.Owner, "walter")).Count.ShouldBe(5);

        // "Own" visibility (set in the workspace settings) narrows it to the rep's own and unowned records.
        await app.InWorkspaceAsync(ws, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var w = await db.Workspaces.SingleAsync(x => x.Id == ws);
            w.RecordVisibility = """{"sales":"own"}""";
            await db.SaveChangesAsync();
            return 0;
        });
        (await AsUser(rep, Roles.Sales, "walter")).ShouldBe([mine.Id, nobody.Id], ignoreOrder: true);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deleted_erased_and_renamed_contacts_leave_the_results(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync();
        var ws = owner.WorkspaceId;
        var gone = await SaveAsync(app, ws, NewContact(ws, "Gwendolyn", "Trashman", "gwen@trash.example", "+14155559999"));
        var erased = await SaveAsync(app, ws, NewContact(ws, "Eraseme", "Quaxington", "quax@private.example", "+14155558888"));
        var renamed = await SaveAsync(app, ws, NewContact(ws, "Rena", "Smithers"));
        var account = await SaveAsync(app, ws, new Account { WorkspaceId = ws, Name = "Trashman Industries", Domain = "trashman.example" });
        using var api = app.ApiClient(owner.ApiKey);
        (await SearchAsync(api, "trashman")).Select(h => h.Id).ShouldBe([account.Id, gone.Id], ignoreOrder: true);
        (await SearchAsync(api, "quaxington")).Select(h => h.Id).ShouldBe([erased.Id]);

        async Task Change(Func<RapportDb, Task> change) => await app.InWorkspaceAsync(ws, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            await change(db);
            await db.SaveChangesAsync();
            return 0;
        });

        // The vocabulary counts the documents holding a word (a word twice in one document counts once).
        var twice = await SaveAsync(app, ws, NewContact(ws, "Mirabel", "Mirabel"));
        (await CountAsync(app, ws, "trashman")).ShouldBe(2);
        (await CountAsync(app, ws, "mirabel")).ShouldBe(1);
        await Change(async db => db.Remove(await db.Contacts.SingleAsync(c => c.Id == twice.Id)));
        (await CountAsync(app, ws, "mirabel")).ShouldBeNull();

        // Soft delete (to the trash) and restore.
        await Change(async db => db.Remove(await db.Contacts.SingleAsync(c => c.Id == gone.Id)));
        (await CountAsync(app, ws, "trashman")).ShouldBe(1); // the account still holds it
        await Change(async db => db.Remove(await db.Accounts.SingleAsync(a => a.Id == account.Id)));
        (await CountAsync(app, ws, "trashman")).ShouldBeNull();
        (await SearchAsync(api, "trashman")).ShouldBeEmpty();
        (await SearchAsync(api, "4155559999")).ShouldBeEmpty();
        (await SearchAsync(api, "trashman.example")).ShouldBeEmpty();
        await Change(async db => (await db.Contacts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).SingleAsync(c => c.Id == gone.Id)).DeletedAt = null);
        (await SearchAsync(api, "trashman")).Select(h => h.Id).ShouldBe([gone.Id]);

        // Erasure overwrites the person's details: nothing of the old text is found, even by a typo,
        // and the rare surname has left the vocabulary.
        await Change(async db =>
        {
            var c = await db.Contacts.SingleAsync(x => x.Id == erased.Id);
            (c.FirstName, c.LastName, c.Email, c.Phone, c.Emails, c.Phones) = ("Erased", "Contact", null, null, "[]", "[]");
            c.ErasedAt = db.Now;
        });
        foreach (var q in new[] { "quaxington", "Quaxingtn", "eraseme", "quax@private.example", "private.example", "4155558888", "erased" })
            (await SearchAsync(api, q)).ShouldBeEmpty(q);
        (await TermsAsync(app, ws)).ShouldNotContain("quaxington");
        (await TermsAsync(app, ws)).ShouldNotContain("eraseme");

        // A rename replaces the words.
        await Change(async db => (await db.Contacts.SingleAsync(x => x.Id == renamed.Id)).LastName = "Smythe");
        (await SearchAsync(api, "smithers")).ShouldBeEmpty();
        (await SearchAsync(api, "smythe")).Select(h => h.Id).ShouldBe([renamed.Id]);
        (await TermsAsync(app, ws)).ShouldContain("smythe");
        (await TermsAsync(app, ws)).ShouldNotContain("smithers");

        // Purged for good.
        await Change(async db => db.Purge(await db.Contacts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).SingleAsync(c => c.Id == gone.Id)));
        (await SearchAsync(api, "gwendolyn")).ShouldBeEmpty();
        (await TermsAsync(app, ws)).ShouldNotContain("gwendolyn");
    }

    private static Task<int?> CountAsync(RapportApp app, Guid ws, string term) => app.InWorkspaceAsync(ws, sp =>
        sp.GetRequiredService<RapportDb>().Set<Rapport.Search.SearchTerm>().Where(t => t.Term == term).Select(t => (int?)t.Documents).SingleOrDefaultAsync());

    private static Task<List<string>> TermsAsync(RapportApp app, Guid ws) => app.InWorkspaceAsync(ws, sp =>
        sp.GetRequiredService<RapportDb>().Set<Rapport.Search.SearchTerm>().Select(t => t.Term).ToListAsync());

    [Theory, SqliteData, PostgresData]
    public async Task Rows_inserted_with_raw_SQL_are_found(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        var ws = owner.WorkspaceId;
        var id = Guid.CreateVersion7();
        await app.InWorkspaceAsync(ws, async sp =>
        {
            var db = sp.GetRequiredService<RapportDb>();
            var conn = db.Database.GetDbConnection();
            await using var cmd = conn.CreateCommand();
            var json = provider == DatabaseProvider.Sqlite ? "" : "::jsonb";
            cmd.CommandText = $"""
                INSERT INTO contacts (workspace_id, id, first_name, last_name, email, phone, emails, phones, addresses, social, lifecycle_stage, custom_fields, consent, created_at, updated_at, version)
                VALUES (@ws, @id, 'Bulky', 'Importer', 'bulky@import.example', '+4930123456', @emails{json}, @phones{json}, '[]'{json}, '{"{}"}'{json}, 'awareness', '{"{}"}'{json}, '{"{}"}'{json}, @now, @now, 1)
                """;
            void P(string n, object v) { var p = cmd.CreateParameter(); p.ParameterName = n; p.Value = v; cmd.Parameters.Add(p); }
            P("@ws", provider == DatabaseProvider.Sqlite ? ws.ToByteArray(true) : ws);
            P("@id", provider == DatabaseProvider.Sqlite ? id.ToByteArray(true) : id);
            P("@emails", """[{"address":"bulky@import.example","label":"work","primary":true},{"address":"b.importer@second.example","label":"home","primary":false}]""");
            P("@phones", """[{"number":"+4930123456","label":"work","primary":true},{"number":"+491701234567","label":"mobile","primary":false}]""");
            P("@now", provider == DatabaseProvider.Sqlite ? (object)"2026-01-01 00:00:00" : new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            await cmd.ExecuteNonQueryAsync();
            return 0;
        });
        using var api = app.ApiClient(owner.ApiKey);
        (await SearchAsync(api, "bulky")).Select(h => h.Id).ShouldBe([id]);
        (await SearchAsync(api, "b.importer@second")).Select(h => h.Id).ShouldBe([id]);
        (await SearchAsync(api, "0170 1234567")).Select(h => h.Id).ShouldBe([id]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_workspace_is_never_searched(DatabaseProvider provider)
    {
        var app = App(provider);
        var a = await app.SignUpAsync("Alpha");
        var b = await app.SignUpAsync("Beta");
        var ours = await SaveAsync(app, a.WorkspaceId, NewContact(a.WorkspaceId, "Zed", "Quinlan", "zed@quinlan.example", "+12025550123"));
        var theirs = await SaveAsync(app, b.WorkspaceId, NewContact(b.WorkspaceId, "Zed", "Quinlan", "zed@quinlan.example", "+12025550123"));
        var theirsOnly = await SaveAsync(app, b.WorkspaceId, NewContact(b.WorkspaceId, "Yolanda", "Betaonly"));
        await SaveAsync(app, b.WorkspaceId, new Account { WorkspaceId = b.WorkspaceId, Name = "Quinlan Beta", Domain = "quinlan.example" });
        using var api = app.ApiClient(a.ApiKey);
        foreach (var q in new[] { "zed", "quinlan", "Quinlna", "zed@quinlan.example", "quinlan.example", "2025550123" })
            (await SearchAsync(api, q)).Select(h => h.Id).ShouldBe([ours.Id], q);
        (await SearchAsync(api, "yolanda")).ShouldBeEmpty();
        (await SearchAsync(api, "Betaonyl")).ShouldBeEmpty();
        using var apiB = app.ApiClient(b.ApiKey);
        (await SearchAsync(apiB, "yolanda")).Select(h => h.Id).ShouldBe([theirsOnly.Id]);
        (await SearchAsync(apiB, "zed")).Select(h => h.Id).ShouldBe([theirs.Id]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_queries_are_400_problems_and_odd_ones_are_harmless(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync();
        var ws = owner.WorkspaceId;
        await SaveAsync(app, ws, NewContact(ws, "Quote\"d", "Per%cent_under", "odd\"one@example.com"));
        using var api = app.ApiClient(owner.ApiKey);
        foreach (var url in new[] { "/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20", $"/api/v1/search?q={new string('a', 101)}",
                     "/api/v1/search?q=jo&limit=0", "/api/v1/search?q=jo&limit=51", "/api/v1/search?q=jo&limit=abc", "/api/v1/search?q=a%00b" })
            await (await api.GetAsync(url)).ShouldBeAsync(HttpStatusCode.BadRequest);
        var missing = await (await api.GetAsync("/api/v1/search?q=")).ShouldBeAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").TryGetProperty("q", out _).ShouldBeTrue();

        foreach (var q in new[] { "\"", "\"\"\"", "quote\"d", "per%cent", "%_%", "a*b", "(jo OR x)", "NEAR(a b)", "{words}: x", "odd\"one@", "---", "+", "...", "@@@", "'", "ünïcödé", "🙂🙂🙂", "x y z w v u t s r q" })
            await (await api.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}")).ShouldBeAsync(HttpStatusCode.OK);
        (await SearchAsync(api, "per%cent")).Count.ShouldBe(1);
        (await SearchAsync(api, "odd\"one@")).Count.ShouldBe(1);
        await (await app.CreateClient().GetAsync("/api/v1/search?q=jo")).ShouldBeAsync(HttpStatusCode.Unauthorized);
    }
}
