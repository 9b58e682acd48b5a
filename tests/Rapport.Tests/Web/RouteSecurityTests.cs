using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
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
public class RouteSecurityTests(SharedApps apps) : SharedAppTests(apps)
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
        var app = App(provider);
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
        var app = App(provider);
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
        var app = App(provider);
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

    /// <summary>A JSON route and the key its body is probed under: firstName for a JsonObject body (it refuses unknown keys), else the request type's first text property (a typed body ignores unknown ones).</summary>
    private sealed record JsonRoute(string Method, string Pattern, string ContentType, string Key);

    /// <summary>Every /api route that reads a JSON body (anonymous ones too: sign-up, the public form submission).</summary>
    private static List<JsonRoute> JsonRoutes(RapportApp app)
    {
        using var _ = app.CreateClient();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1") == true)
            .Select(e => (Endpoint: e, Accepts: e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().FirstOrDefault(a => a.ContentTypes.Any(t => t.Contains("json")))))
            .Where(x => x.Accepts is not null)
            .SelectMany(x => (x.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                new JsonRoute(m, x.Endpoint.RoutePattern.RawText!, x.Accepts!.ContentTypes.First(t => t.Contains("json")), ProbeKey(x.Accepts.RequestType))))
            .OrderBy(r => r.Pattern).ThenBy(r => r.Method).ToList();
    }

    private static string ProbeKey(Type? body)
    {
        var type = Nullable.GetUnderlyingType(body ?? typeof(object)) ?? body;
        if (type is null || type == typeof(System.Text.Json.Nodes.JsonObject) || type == typeof(object)) return "firstName";
        var properties = type.GetProperties();
        var property = properties.FirstOrDefault(p => p.PropertyType == typeof(string)) ?? properties.First();
        return System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
    }

    /// <summary>Text the JSON reader accepts but .NET strings cannot hold, or a name given twice.</summary>
    private static (string Name, byte[] Body)[] BadTextBodies(string key)
    {
        var k = System.Text.Encoding.UTF8.GetBytes($"{{\"{key}\":");
        return
        [
            ("duplicate keys", [.. k, .. "\"a\",\""u8, .. System.Text.Encoding.UTF8.GetBytes(key), .. "\":\"b\"}"u8]),
            ("invalid UTF-8", [.. k, (byte)'"', 0xFF, 0xFE, 0xC3, 0x28, .. "\"}"u8]),
            ("a lone surrogate", [.. k, .. "\"\\ud800x\"}"u8]),
        ];
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_json_route_answers_duplicate_keys_invalid_utf8_and_lone_surrogates_with_a_400_naming_the_field(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Workspace A");
        using var api = app.ApiClient(owner.ApiKey);
        var samples = await SampleIdsAsync(app, api);
        var before = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();

        var problems = new List<string>();
        var routes = JsonRoutes(app);
        routes.Count.ShouldBeGreaterThan(40);
        routes.ShouldContain(r => r.Pattern.Contains("/submissions")); // the anonymous door is probed too
        foreach (var route in routes)
        {
            var url = Fill(route.Pattern, samples, out var missing);
            if (url is null) { problems.Add($"{route.Method} {route.Pattern}: no sample id for '{missing}'"); continue; }
            foreach (var (name, body) in BadTextBodies(route.Key))
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(route.ContentType);
                var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), url) { Content = content });
                var text = await response.Content.ReadAsStringAsync();
                var type = response.Content.Headers.ContentType?.MediaType;
                if (response.StatusCode != HttpStatusCode.BadRequest || type != "application/problem+json")
                    problems.Add($"{route.Method} {url} with {name}: {(int)response.StatusCode} {type} {text[..Math.Min(200, text.Length)]}");
                else if (!System.Text.Json.JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(route.Key, out _))
                    problems.Add($"{route.Method} {url} with {name}: a 400 that does not name {route.Key}: {text}");
            }
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));
        var after = await (await api.GetAsync("/api/v1/audit?limit=200")).Content.ReadAsStringAsync();
        after.ShouldBe(before);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_text_in_a_body_names_the_field_on_object_and_typed_bodies_and_the_public_form(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Workspace A");
        using var api = app.ApiClient(owner.ApiKey);
        var form = await (await api.PostJsonAsync("/api/v1/forms", new { name = "Demo", fields = new[] { new { key = "email", label = "E-mail", type = "email", required = true } } })).ShouldBeAsync(HttpStatusCode.Created);
        using var anonymous = app.CreateClient();
        foreach (var (client, url) in new[] { (api, "/api/v1/contacts"), (api, "/api/v1/teams"), (anonymous, $"/api/v1/forms/{form.GetProperty("id").GetString()}/submissions") })
        {
            // Under a key the route reads (teams: a typed body) and, for JsonObject bodies, one they would refuse anyway.
            var key = url.EndsWith("/teams") ? "name" : "firstName";
            foreach (var (name, body) in BadTextBodies(key).Concat(url.EndsWith("/teams") ? [] : BadTextBodies("nonsense")))
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                var problem = await (await client.PostAsync(url, content)).ShouldBeAsync(HttpStatusCode.BadRequest);
                var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
                fields.Count.ShouldBe(1, $"{url} with {name}");
                new[] { key, "nonsense" }.ShouldContain(fields[0], $"{url} with {name}");
            }
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Not_a_number_and_infinity_filters_are_400s_on_every_list_and_cannot_be_saved_in_a_view(DatabaseProvider provider)
    {
        var app = App(provider);
        var owner = await app.SignUpAsync("Workspace A");
        using var api = app.ApiClient(owner.ApiKey);
        foreach (var entity in new[] { "contact", "account", "lead" })
            await (await api.PostJsonAsync("/api/v1/custom-fields", new { entity, key = "score", label = "Score", type = "number" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/contacts", new { firstName = "Ada", customFields = new { score = 5 } })).ShouldBeAsync(HttpStatusCode.Created);
        using var ui = app.UiClient();
        (await ui.SignInAsync(owner.Email, owner.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        string[] values = ["NaN", "Infinity", "-Infinity", "1e999"];

        // Every API list: the ones that filter by custom fields are found by their answer to an unknown one.
        var problems = new List<string>();
        var lists = ApiRoutes(app).Where(r => r.Method == "GET" && !Parameter.IsMatch(r.Pattern)).Select(r => r.Pattern).Distinct().ToList();
        var filtering = new List<string>();
        string Query(string list) => list + (RequiredQuery.TryGetValue(list, out var required) ? required + "&" : "?");
        foreach (var list in lists)
            if ((await api.GetAsync($"{Query(list)}customFields.nosuchfield=1")).StatusCode == HttpStatusCode.BadRequest) filtering.Add(list);
        new[] { "/api/v1/accounts", "/api/v1/contacts", "/api/v1/leads" }.ShouldBeSubsetOf(filtering.Select(l => l.TrimEnd('/')));
        foreach (var list in filtering)
        {
            (await api.GetAsync($"{Query(list)}customFields.score.gt=1")).StatusCode.ShouldBe(HttpStatusCode.OK, list);
            foreach (var value in values)
                foreach (var op in new[] { ".gt", ".lt", "" })
                {
                    var response = await api.GetAsync($"{Query(list)}customFields.score{op}={value}");
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.BadRequest || !text.Contains($"customFields.score{op}"))
                        problems.Add($"GET {list}?customFields.score{op}={value}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }
        }
        // The list pages and their infinite-scroll rows: never a 5xx.
        foreach (var page in new[] { "/contacts", "/contacts/rows", "/accounts", "/accounts/rows", "/leads" })
            foreach (var value in values)
            {
                var response = await ui.GetAsync($"{page}?customFields.score.gt={value}");
                var html = await response.Content.ReadAsStringAsync();
                // A page shows the message; the rows fragment refuses with 422, as for any invalid filter.
                if ((int)response.StatusCode >= 500 || (response.IsSuccessStatusCode && !html.Contains("Is not a valid number value.")))
                    problems.Add($"GET {page}?customFields.score.gt={value}: {(int)response.StatusCode}");
            }
        problems.ShouldBeEmpty(string.Join("\n", problems));

        // A saved view that could only ever fail is refused when saved, and a good one still saves.
        foreach (var entity in new[] { "contact", "account" })
        {
            var refused = await (await api.PostJsonAsync("/api/v1/saved-views", new { entity, name = "Broken", query = "tag=vip&customFields.score.gt=NaN" })).ShouldBeAsync(HttpStatusCode.BadRequest);
            refused.GetProperty("errors").GetProperty("query")[0].GetString()!.ShouldStartWith("customFields.score.gt:");
            var view = await (await api.PostJsonAsync("/api/v1/saved-views", new { entity, name = "Good", query = "customFields.score.gt=1&sort=-createdAt" })).ShouldBeAsync(HttpStatusCode.Created);
            var patch = await api.PatchJsonAsync($"/api/v1/saved-views/{view.GetProperty("id").GetString()}", new { query = "customFields.score.lt=Infinity" });
            await patch.ShouldBeAsync(HttpStatusCode.BadRequest);
        }
    }
}
