using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Web;

/// <summary>
/// Every API route, enumerated from the running app's endpoints (so a new route is covered the day
/// it is mapped): another workspace's key with this workspace's ids gets 404 and never data, and a
/// readonly key gets 403 on every write. A route whose {id} kind has no sample below fails the
/// test until one is added to <see cref="SampleIdsAsync"/>.
/// </summary>
public class RouteSecurityTests
{
    private sealed record ApiRoute(string Method, string Pattern);

    private static List<ApiRoute> ApiRoutes(RapportApp app)
    {
        using var _ = app.CreateClient();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1") == true)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new ApiRoute(m, e.RoutePattern.RawText!)))
            .OrderBy(r => r.Pattern).ThenBy(r => r.Method).ToList();
    }

    /// <summary>GET routes without an id that need a query string to answer 200 (it must find A's "Secret" records for A only).</summary>
    private static readonly Dictionary<string, string> RequiredQuery = new() { ["/api/v1/search"] = "?q=secret", ["/api/v1/duplicates/"] = "?entity=contact" };

    /// <summary>Records of each kind in workspace A, by the path segment that precedes {id}.</summary>
    private static async Task<Dictionary<string, string>> SampleIdsAsync(RapportApp app, HttpClient a)
    {
        var team = await (await a.PostJsonAsync("/api/v1/teams", new { name = "Secret team" })).ShouldBeAsync(HttpStatusCode.Created);
        var deleted = await (await a.PostJsonAsync("/api/v1/teams", new { name = "Deleted team" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await a.DeleteAsync($"/api/v1/teams/{deleted.GetProperty("id").GetString()}")).ShouldBeAsync(HttpStatusCode.NoContent);
        var user = await (await a.PostJsonAsync("/api/v1/users", new { email = $"member-{Guid.NewGuid():N}@example.com", name = "Secret Member", role = "sales", password = "correct horse battery" })).ShouldBeAsync(HttpStatusCode.Created);
        var key = await (await a.PostJsonAsync("/api/v1/api-keys", new { name = "Secret key", role = "sales" })).ShouldBeAsync(HttpStatusCode.Created);
        var account = await (await a.PostJsonAsync("/api/v1/accounts", new { name = "Secret Corp" })).ShouldBeAsync(HttpStatusCode.Created);
        var contact = await (await a.PostJsonAsync("/api/v1/contacts", new { firstName = "Secret", lastName = "Person" })).ShouldBeAsync(HttpStatusCode.Created);
        var field = await (await a.PostJsonAsync("/api/v1/custom-fields", new { entity = "contact", key = "secretField", label = "Secret", type = "text" })).ShouldBeAsync(HttpStatusCode.Created);
        // Activities on the contact; the note mentions the member, which gives them a notification.
        var workspaceId = Guid.Parse((await (await a.GetAsync("/api/v1/me")).JsonAsync()).GetProperty("workspaceId").GetString()!);
        var memberId = Guid.Parse(user.GetProperty("id").GetString()!);
        var contactId = contact.GetProperty("id").GetString()!;
        var accountId = account.GetProperty("id").GetString()!;
        var interaction = await (await a.PostJsonAsync("/api/v1/interactions", new { contactId, accountId, channel = "call", direction = "outbound", subject = "Secret call" })).ShouldBeAsync(HttpStatusCode.Created);
        var note = await (await a.PostJsonAsync("/api/v1/notes", new { contactId, body = $"Secret note for @[Member](user:{memberId})" })).ShouldBeAsync(HttpStatusCode.Created);
        var task = await (await a.PostJsonAsync("/api/v1/tasks", new { contactId, title = "Secret task", assigneeId = memberId })).ShouldBeAsync(HttpStatusCode.Created);
        var notification = await app.InWorkspaceAsync(workspaceId, sp =>
            sp.GetRequiredService<RapportDb>().Notifications.Where(n => n.UserId == memberId).Select(n => n.Id).SingleAsync());
        // Leads (issue #5): a lead, a web form, a scoring rule, an assignment rule.
        var lead = await (await a.PostJsonAsync("/api/v1/leads", new { firstName = "Secret", lastName = "Lead", company = "Secret Co" })).ShouldBeAsync(HttpStatusCode.Created);
        var form = await (await a.PostJsonAsync("/api/v1/forms", new { name = "Secret form", fields = new[] { new { key = "email", label = "E-mail", type = "email", required = true } } })).ShouldBeAsync(HttpStatusCode.Created);
        var scoringRule = await (await a.PostJsonAsync("/api/v1/scoring-rules", new { kind = "fit", field = "company", @operator = "contains", value = "Secret", points = 5, label = "Secret rule" })).ShouldBeAsync(HttpStatusCode.Created);
        var assignmentRule = await (await a.PostJsonAsync("/api/v1/assignment-rules", new { name = "Secret rule", method = "roundRobin", userIds = new[] { memberId } })).ShouldBeAsync(HttpStatusCode.Created);
        var view = await (await a.PostJsonAsync("/api/v1/saved-views", new { entity = "contact", name = "Secret view", query = "tag=secret" })).ShouldBeAsync(HttpStatusCode.Created);
        // Sales: a pipeline with its stages, a product, a deal on the contact and account.
        var pipeline = await (await a.PostJsonAsync("/api/v1/pipelines", new { name = "Secret pipeline", stages = new object[] { new { name = "Secret stage", probability = 10, type = "open" }, new { name = "Secret won", probability = 100, type = "won" } } })).ShouldBeAsync(HttpStatusCode.Created);
        var product = await (await a.PostJsonAsync("/api/v1/products", new { sku = "SECRET-1", name = "Secret product", price = 10, currency = "USD" })).ShouldBeAsync(HttpStatusCode.Created);
        var deal = await (await a.PostJsonAsync("/api/v1/deals", new { name = "Secret deal", amount = 100, accountId, contacts = new[] { new { contactId } } })).ShouldBeAsync(HttpStatusCode.Created);
        var lostReason = await (await a.PostJsonAsync("/api/v1/lost-reasons", new { name = "Secret reason" })).ShouldBeAsync(HttpStatusCode.Created);
        var stageRule = await (await a.PostJsonAsync("/api/v1/stage-rules", new { stageId = pipeline.GetProperty("stages")[0].GetProperty("id").GetString(), taskTitle = "Secret follow-up", dueInDays = 1 })).ShouldBeAsync(HttpStatusCode.Created);
        var importForm = new MultipartFormDataContent { { new StringContent("contact"), "entity" }, { new ByteArrayContent("First name\nHidden\n"u8.ToArray()), "file", "Secret.csv" } };
        var import = await (await a.PostAsync("/api/v1/imports", importForm)).ShouldBeAsync(HttpStatusCode.Accepted);
        await Imports.ImportHelpers.WaitAsync(a, import.GetProperty("id").GetString()!); // its audit entry is written when it ends
        // Duplicates: a scanned pair in the review queue, and a merge of another pair.
        await (await a.PostJsonAsync("/api/v1/contacts", new { firstName = "Hidden", lastName = "Twin", email = "hidden.twin@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await a.PostJsonAsync("/api/v1/contacts?allowDuplicate=true", new { firstName = "Hidden", lastName = "Twin", email = "hidden.twin@example.com" })).ShouldBeAsync(HttpStatusCode.Created);
        var scan = await Duplicates.DuplicatesApiTests.ScanAsync(a, "contact");
        var group = (await (await a.GetAsync("/api/v1/duplicates?entity=contact")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("items")[0];
        var merged = await (await a.PostJsonAsync("/api/v1/contacts", new { firstName = "Hidden", lastName = "Merged" })).ShouldBeAsync(HttpStatusCode.Created);
        var merge = await (await a.PostJsonAsync("/api/v1/contacts/merge", new { survivorId = contactId, mergedIds = new[] { merged.GetProperty("id").GetString() } })).ShouldBeAsync(HttpStatusCode.OK);
        return new()
        {
            ["imports"] = import.GetProperty("id").GetString()!,
            ["duplicates"] = group.GetProperty("id").GetString()!,
            ["scans"] = scan.GetProperty("id").GetString()!,
            ["merges"] = merge.GetProperty("mergeId").GetString()!,
            ["saved-views"] = view.GetProperty("id").GetString()!,
            ["accounts"] = accountId,
            ["contacts"] = contactId,
            ["custom-fields"] = field.GetProperty("id").GetString()!,
            ["interactions"] = interaction.GetProperty("id").GetString()!,
            ["notes"] = note.GetProperty("id").GetString()!,
            ["tasks"] = task.GetProperty("id").GetString()!,
            ["notifications"] = notification.ToString(),
            ["teams"] = team.GetProperty("id").GetString()!,
            ["trash"] = deleted.GetProperty("id").GetString()!,
            ["users"] = user.GetProperty("id").GetString()!,
            ["api-keys"] = key.GetProperty("id").GetString()!,
            ["leads"] = lead.GetProperty("id").GetString()!,
            ["forms"] = form.GetProperty("id").GetString()!,
            ["scoring-rules"] = scoringRule.GetProperty("id").GetString()!,
            ["assignment-rules"] = assignmentRule.GetProperty("id").GetString()!,
            ["pipelines"] = pipeline.GetProperty("id").GetString()!,
            ["stages"] = pipeline.GetProperty("stages")[0].GetProperty("id").GetString()!,
            ["products"] = product.GetProperty("id").GetString()!,
            ["deals"] = deal.GetProperty("id").GetString()!,
            ["lost-reasons"] = lostReason.GetProperty("id").GetString()!,
            ["stage-rules"] = stageRule.GetProperty("id").GetString()!,
        };
    }

    private static readonly Regex Parameter = new(@"\{(\w+)(:[^}]*)?\}");

    private static string? Fill(string pattern, Dictionary<string, string> samples, out string? missing)
    {
        missing = null;
        var segments = pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!Parameter.IsMatch(segments[i])) continue;
            var kind = i > 0 ? segments[i - 1] : "";
            if (!samples.TryGetValue(kind, out var id)) { missing = kind; return null; }
            segments[i] = id;
        }
        return string.Join('/', segments);
    }

    private static Task<HttpResponseMessage> Call(HttpClient client, ApiRoute route, string url) =>
        client.SendRawAsync(new HttpMethod(route.Method), url, route.Method is "GET" or "DELETE" ? null : "{}");

    [Theory, SqliteData, PostgresData]
    public async Task Another_workspaces_key_gets_404_for_every_route_with_an_id_and_no_data_from_lists(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider, new() { ["Rapport:AllowSignup"] = "true" });
        var a = await app.SignUpAsync("Workspace A");
        var b = await app.SignUpAsync("Workspace B");
        using var apiA = app.ApiClient(a.ApiKey);
        using var apiB = app.ApiClient(b.ApiKey);
        var samples = await SampleIdsAsync(app, apiA);
        var secrets = samples.Values.Append(a.WorkspaceId.ToString()).Append(a.UserId.ToString()).Append("Secret").ToList();

        var problems = new List<string>();
        var routes = ApiRoutes(app);
        routes.Count.ShouldBeGreaterThan(10);
        foreach (var route in routes)
        {
            if (!Parameter.IsMatch(route.Pattern))
            {
                if (route.Method != "GET") continue;
                var list = await apiB.GetAsync(route.Pattern + RequiredQuery.GetValueOrDefault(route.Pattern, ""));
                var text = await list.Content.ReadAsStringAsync();
                if (!list.IsSuccessStatusCode) problems.Add($"{route.Method} {route.Pattern}: {(int)list.StatusCode}");
                foreach (var secret in secrets.Where(s => text.Contains(s)))
                    problems.Add($"{route.Method} {route.Pattern} leaked {secret}");
                continue;
            }
            var url = Fill(route.Pattern, samples, out var missing);
            if (url is null) { problems.Add($"{route.Method} {route.Pattern}: no sample id for '{missing}' — add one to SampleIdsAsync"); continue; }
            var response = await Call(apiB, route, url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.NotFound) problems.Add($"{route.Method} {url}: {(int)response.StatusCode} {body}");
            foreach (var secret in secrets.Where(s => body.Contains(s) && !url.Contains(s)))
                problems.Add($"{route.Method} {route.Pattern} leaked {secret}");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));

        // And A's records are all still there, unchanged.
        await (await apiA.GetAsync($"/api/v1/teams/{samples["teams"]}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await apiA.GetAsync($"/api/v1/users/{samples["users"]}")).ShouldBeAsync(HttpStatusCode.OK);
        var trash = await (await apiA.GetAsync("/api/v1/trash")).ShouldBeAsync(HttpStatusCode.OK);
        trash.GetProperty("items").GetArrayLength().ShouldBe(2); // the deleted team and the contact merged into another
        var found = await (await apiA.GetAsync("/api/v1/search?q=secret")).ShouldBeAsync(HttpStatusCode.OK);
        found.GetProperty("items").GetArrayLength().ShouldBe(4); // contact, account, deal, lead: so B's empty answer above means something
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_readonly_key_gets_403_on_every_write_route_and_nothing_changes(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Workspace A");
        using var api = app.ApiClient(owner.ApiKey);
        var samples = await SampleIdsAsync(app, api);
        var readonlyKey = await (await api.PostJsonAsync("/api/v1/api-keys", new { name = "Reporting", role = "readonly" })).ShouldBeAsync(HttpStatusCode.Created);
        using var reader = app.ApiClient(readonlyKey.GetProperty("key").GetString()!);
        var before = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();

        var problems = new List<string>();
        var writes = ApiRoutes(app).Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE").ToList();
        writes.Count.ShouldBeGreaterThan(5);
        foreach (var route in writes)
        {
            var url = Fill(route.Pattern, samples, out var missing);
            if (url is null) { problems.Add($"{route.Method} {route.Pattern}: no sample id for '{missing}'"); continue; }
            var response = await Call(reader, route, url);
            if (response.StatusCode != HttpStatusCode.Forbidden)
                problems.Add($"{route.Method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));

        // Reads still work for readonly, and the audit log shows no change was made.
        await (await reader.GetAsync($"/api/v1/teams/{samples["teams"]}")).ShouldBeAsync(HttpStatusCode.OK);
        var after = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        after.ShouldBe(before);
    }

    /// <summary>Every unsafe route outside /api: the pages' forms and htmx actions, anonymous ones (sign-in, invite…) included.</summary>
    private static List<ApiRoute> PageWriteRoutes(RapportApp app)
    {
        using var _ = app.CreateClient();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/api") && !raw.StartsWith("api/"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new ApiRoute(m, e.RoutePattern.RawText!)))
            .Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE")
            .OrderBy(r => r.Pattern).ThenBy(r => r.Method).ToList();
    }

    /// <summary>A page route's URL with workspace A's records where the kind is known (so an unguarded action would act), else an id that exists nowhere.</summary>
    private static string FillPage(string pattern, Dictionary<string, string> samples)
    {
        var segments = pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var match = Parameter.Match(segments[i]);
            if (!match.Success) continue;
            var kind = i > 0 ? segments[i - 1] : "";
            kind = kind switch { "lead-forms" => "forms", "views" => "saved-views", _ => kind };
            segments[i] = samples.TryGetValue(kind, out var id) ? id
                : match.Groups[2].Value.Contains("guid") ? Guid.NewGuid().ToString() : "x";
        }
        return string.Join('/', segments);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_page_write_without_an_antiforgery_token_gets_400_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Workspace A");
        using var api = app.ApiClient(owner.ApiKey);
        var samples = await SampleIdsAsync(app, api);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();

        var problems = new List<string>();
        var routes = PageWriteRoutes(app);
        routes.Count.ShouldBeGreaterThan(40);
        foreach (var route in routes)
        {
            var url = FillPage(route.Pattern, samples);
            // What a cross-site form would send: the session cookie (and the antiforgery cookie) but no token.
            var request = new HttpRequestMessage(new HttpMethod(route.Method), url)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Forged", ["value"] = "forged@example.com" }),
            };
            request.Headers.Add("Origin", "https://evil.example");
            var response = await ui.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.BadRequest)
                problems.Add($"{route.Method} {url}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));

        // Nothing changed, and the session is still signed in (POST /signout was refused too).
        var after = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        after.ShouldBe(before);
        (await ui.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A browser asking for JSON gets the refusal as a problem.
        var json = new HttpRequestMessage(HttpMethod.Post, $"/contacts/{samples["contacts"]}/delete");
        json.Headers.Add("Accept", "application/json");
        await (await ui.SendAsync(json)).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_write_route_answers_malformed_bodies_with_a_4xx_problem_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        var owner = await app.SignUpAsync("Workspace A");
        using var api = app.ApiClient(owner.ApiKey);
        var samples = await SampleIdsAsync(app, api);
        var before = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        string[] bodies =
        [
            "{", "[]", "\"text\"", "null", "42", "{\"name\": {\"nested\": true}, \"role\": 7, \"email\": [1], \"teamId\": \"not-a-guid\", \"active\": \"yes\", \"password\": false}",
            "{\"name\": \"\\u0000\", \"role\": \"" + new string('x', 5000) + "\"}", new string('[', 2000) + new string(']', 2000),
        ];
        var problems = new List<string>();
        foreach (var route in ApiRoutes(app).Where(r => r.Method is "POST" or "PATCH" or "PUT"))
        {
            var url = Fill(route.Pattern, samples, out var missing);
            if (url is null) { problems.Add($"{route.Method} {route.Pattern}: no sample id for '{missing}'"); continue; }
            foreach (var body in bodies)
            {
                var response = await api.SendRawAsync(new HttpMethod(route.Method), url, body);
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                // Routes without a body (restore, password reset) may succeed; everything else must refuse.
                if (status >= 500 || (status >= 400 && type != "application/problem+json"))
                    problems.Add($"{route.Method} {url} with {body[..Math.Min(40, body.Length)]}: {status} {type}");
            }
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));
        var after = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        // Only body-less actions may have acted (the trash restore, a reset link): nothing created or changed from a bad body.
        System.Text.Json.JsonDocument.Parse(after).RootElement.GetProperty("items").EnumerateArray()
            .Count(i => i.GetProperty("action").GetString() is "created" && i.GetProperty("entityType").GetString() is "team" or "membership" or "apiKey")
            .ShouldBe(System.Text.Json.JsonDocument.Parse(before).RootElement.GetProperty("items").EnumerateArray()
                .Count(i => i.GetProperty("action").GetString() is "created" && i.GetProperty("entityType").GetString() is "team" or "membership" or "apiKey"));
    }
}
