using System.Net;
using System.Text.Json;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Sales;
using Shouldly;

namespace Rapport.Tests.Web;

/// <summary>
/// PRODUCT.md: a PATCH without If-Match is last-write-wins, so clients that overlap on one record
/// (each changing its own field) must all succeed, and none may undo another's field. Only a stale
/// If-Match is a 412.
/// </summary>
public class ConcurrentPatchTests(SharedApps apps) : SharedAppTests(apps)
{
    [Theory, SqliteData, PostgresData]
    public async Task Overlapping_patches_of_a_contact_without_If_Match_all_succeed_and_all_fields_stick(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var id = (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace" }))
            .ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        string[] fields = ["firstName", "lastName", "jobTitle", "externalId", "source", "birthDate", "lifecycleStage"];
        string[] stages = ["awareness", "consideration", "purchase", "retention", "advocacy"];
        for (var round = 0; round < 5; round++)
        {
            var sent = fields.ToDictionary(f => f, f => f switch
            {
                "birthDate" => $"1990-01-0{round + 1}",
                "lifecycleStage" => stages[round],
                _ => $"{f}-{round}",
            });
            await PatchAllAtOnceAsync(api, $"/api/v1/contacts/{id}", sent);
            var now = await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
            foreach (var (f, v) in sent) now.GetProperty(f).GetString().ShouldBe(v, $"round {round}: {f}");
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_versioned_record_retries_an_overlapping_patch_without_If_Match(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var account = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Globex" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var lead = (await (await api.PostJsonAsync("/api/v1/leads", new { lastName = "Hopper", company = "Navy" })).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await api.AddPipelineAsync();
        var deal = (await api.AddDealAsync(new { name = "Big one" })).GetProperty("id").GetString();

        for (var round = 0; round < 3; round++)
        {
            var r = round;
            var records = new (string Url, Dictionary<string, string> Sent)[]
            {
                ($"/api/v1/accounts/{account}", new() { ["name"] = $"Globex {r}", ["industry"] = $"Industry {r}", ["externalId"] = $"a-{r}", ["size"] = r % 2 == 0 ? "11-50" : "51-200" }),
                ($"/api/v1/leads/{lead}", new() { ["firstName"] = $"Grace {r}", ["company"] = $"Navy {r}", ["title"] = $"Rear admiral {r}", ["industry"] = $"Defence {r}", ["city"] = $"Arlington {r}" }),
                ($"/api/v1/deals/{deal}", new() { ["name"] = $"Big one {r}", ["nextStep"] = $"Call {r}", ["expectedCloseDate"] = $"2031-02-0{r + 1}" }),
            };
            foreach (var (url, sent) in records)
            {
                await PatchAllAtOnceAsync(api, url, sent);
                var now = await (await api.GetAsync(url)).ShouldBeAsync(HttpStatusCode.OK);
                foreach (var (f, v) in sent) now.GetProperty(f).GetString().ShouldBe(v, $"{url} round {r}: {f}");
            }
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_stale_If_Match_is_still_412_and_changes_nothing(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Acme");
        using var api = app.ApiClient(owner.ApiKey);
        var id = (await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Lovelace" }))
            .ShouldBeAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var etag = (await api.GetAsync($"/api/v1/contacts/{id}")).Headers.ETag!.ToString();
        await (await api.PatchJsonAsync($"/api/v1/contacts/{id}", new { jobTitle = "Analyst" }, etag)).ShouldBeAsync(HttpStatusCode.OK);

        await (await api.PatchJsonAsync($"/api/v1/contacts/{id}", new { jobTitle = "Lost update" }, etag)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        var now = await (await api.GetAsync($"/api/v1/contacts/{id}")).ShouldBeAsync(HttpStatusCode.OK);
        now.GetProperty("jobTitle").GetString().ShouldBe("Analyst");
    }

    /// <summary>One PATCH per field, all sent at once without If-Match: every one must be a 200.</summary>
    private static async Task PatchAllAtOnceAsync(HttpClient api, string url, Dictionary<string, string> sent)
    {
        using var start = new SemaphoreSlim(0);
        var patches = sent.Select(async kv =>
        {
            await start.WaitAsync();
            var response = await api.PatchJsonAsync(url, new Dictionary<string, string> { [kv.Key] = kv.Value });
            return (kv.Key, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(patches.Count);
        var results = await Task.WhenAll(patches);
        foreach (var r in results) r.Status.ShouldBe(HttpStatusCode.OK, $"PATCH {url} {{{r.Key}}}: {r.Body}");
    }
}
