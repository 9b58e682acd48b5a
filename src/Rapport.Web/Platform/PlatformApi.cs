using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Demo;
using Rapport.Platform;
using Rapport.Platform.Features;
using Rapport.Platform.Trash;
using Rapport.Web.Http;

namespace Rapport.Web.Platform;

/// <summary>/api/v1: sign-up, me, workspace settings, API keys, users, teams, trash, audit log.</summary>
public static class PlatformApi
{
    /// <summary>Who is calling: a person (<c>userId</c>) or an API key (<c>apiKeyId</c>), never both.</summary>
    public sealed record MeResponse(Guid WorkspaceId, string WorkspaceName, string Role,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? UserId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ApiKeyId);
    public sealed record CreatedKeyResponse(Guid Id, string Name, string Role, string KeyStart, DateTime CreatedAt, string Key);
    public sealed record LinkResponse(Guid Id, string Url, DateTime ExpiresAt);
    public sealed record UpdateMemberRequest(string? Role, Guid? TeamId, bool? Active);
    /// <summary>Sign-up's body: <c>demoData: true</c> fills the new workspace with sample data (see <see cref="SeedDemoData"/>).</summary>
    public sealed record SignUpRequest(string? WorkspaceName, string? Name, string? Email, string? Password, bool? DemoData);

    /// <summary>Sign-up is the one API route without a key (rate-limited per IP).</summary>
    public static void MapSignUpApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/signup", async Task<Created<SignUp.Result>> (SignUpRequest body, SignUp signUp, SeedDemoData demo, CancellationToken ct) =>
        {
            var result = await signUp.HandleAsync(new SignUp.Request(body.WorkspaceName, body.Name, body.Email, body.Password), ct);
            // The sign-up left the scope acting as the new owner in the new (empty) workspace.
            if (body.DemoData == true) await demo.HandleAsync(ct);
            return TypedResults.Created("/api/v1/workspace", result);
        }).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn).WithTags("Platform");
    }

    public static RouteGroupBuilder MapPlatformApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (RequestContext ctx, GetWorkspace get, CancellationToken ct) =>
        {
            var w = await get.HandleAsync(ct);
            return TypedResults.Ok(new MeResponse(w.Id, w.Name, ctx.Role, ctx.UserId, ctx.ApiKeyId));
        }).WithTags("Platform");

        var workspace = api.MapGroup("/workspace").WithTags("Workspace");
        workspace.MapGet("", async (HttpContext http, GetWorkspace get, CancellationToken ct) =>
        {
            var w = await get.HandleAsync(ct);
            ETags.Set(http, w.Version);
            return TypedResults.Ok(w);
        });
        workspace.MapPatch("", async (HttpContext http, [FromBody] JsonObject patch, UpdateWorkspace update, CancellationToken ct) =>
        {
            var w = await update.HandleAsync(patch, ETags.IfMatch(http.Request), ct);
            ETags.Set(http, w.Version);
            return TypedResults.Ok(w);
        });

        var keys = api.MapGroup("/api-keys").WithTags("API keys");
        keys.MapGet("", async ([AsParameters] Api.ListQuery q, ListApiKeys list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(q.Limit, q.Cursor, ct)));
        keys.MapPost("", async (CreateApiKey.Request body, CreateApiKey create, CancellationToken ct) =>
        {
            var r = await create.HandleAsync(body, ct);
            var k = r.ApiKey;
            return TypedResults.Created($"/api/v1/api-keys/{k.Id}", new CreatedKeyResponse(k.Id, k.Name, k.Role, k.KeyStart, k.CreatedAt, r.Key));
        });
        keys.MapDelete("/{id:guid}", async (Guid id, RevokeApiKey revoke, CancellationToken ct) =>
        {
            await revoke.HandleAsync(id, ct);
            return TypedResults.NoContent();
        });

        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("", async ([AsParameters] Api.ListQuery q, ListMembers list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(q.Limit, q.Cursor, ct)));
        users.MapGet("/{id:guid}", async (Guid id, GetMember get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct)));
        users.MapPost("", async (AddUser.Request body, AddUser add, CancellationToken ct) =>
        {
            // An existing login is invited, not added (status "invited"): the same 201 and shape, nothing of the login.
            var m = await add.HandleAsync(body, ct);
            return TypedResults.Created(m.Status == "invited" ? $"/api/v1/invitations/{m.Id}" : $"/api/v1/users/{m.Id}", m);
        });
        users.MapPatch("/{id:guid}", async (Guid id, [FromBody] JsonObject patch, UpdateMember update, CancellationToken ct) =>
            TypedResults.Ok(await update.HandleAsync(id, ParseMemberPatch(patch), ct)));
        users.MapPost("/{id:guid}/password-reset", async (Guid id, HttpContext http, ResetPassword reset, CancellationToken ct) =>
        {
            var link = await reset.CreateLinkAsync(id, ct);
            return TypedResults.Ok(new LinkResponse(link.Id, AbsoluteUrl(http, $"/reset/{link.Token}"), link.ExpiresAt));
        });
        api.MapPost("/invitations", async (InviteUser.Request body, HttpContext http, InviteUser invite, CancellationToken ct) =>
        {
            var link = await invite.HandleAsync(body, ct);
            return TypedResults.Created($"/api/v1/invitations/{link.Id}", new LinkResponse(link.Id, AbsoluteUrl(http, $"/invite/{link.Token}"), link.ExpiresAt));
        }).WithTags("Users");

        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("", async ([AsParameters] Api.ListQuery q, ManageTeams t, CancellationToken ct) => TypedResults.Ok(await t.ListAsync(q.Limit, q.Cursor, ct)));
        teams.MapGet("/{id:guid}", async (Guid id, HttpContext http, ManageTeams t, CancellationToken ct) =>
        {
            var team = await t.GetAsync(id, ct);
            ETags.Set(http, team.Version);
            return TypedResults.Ok(team);
        });
        teams.MapPost("", async (ManageTeams.Request body, ManageTeams t, CancellationToken ct) =>
        {
            var team = await t.CreateAsync(body, ct);
            return TypedResults.Created($"/api/v1/teams/{team.Id}", team);
        });
        teams.MapPatch("/{id:guid}", async (Guid id, HttpContext http, ManageTeams.Request body, ManageTeams t, CancellationToken ct) =>
        {
            var team = await t.RenameAsync(id, body, ct, ETags.IfMatch(http.Request));
            ETags.Set(http, team.Version);
            return TypedResults.Ok(team);
        });
        teams.MapDelete("/{id:guid}", async (Guid id, ManageTeams t, CancellationToken ct) =>
        {
            await t.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var trash = api.MapGroup("/trash").WithTags("Trash");
        trash.MapGet("", async ([AsParameters] Api.ListQuery q, TrashBin bin, CancellationToken ct) => TypedResults.Ok(await bin.ListAsync(q.Limit, q.Cursor, ct)));
        trash.MapPost("/{id:guid}/restore", async (Guid id, TrashBin bin, CancellationToken ct) => TypedResults.Ok(await bin.RestoreAsync(id, ct)));

        api.MapGet("/audit", async (Guid? entityId, [AsParameters] Api.ListQuery q, ListAudit audit, CancellationToken ct) =>
            TypedResults.Ok(await audit.HandleAsync(entityId, q.Limit, q.Cursor, ct))).WithTags("Audit");
        return api;
    }

    private static UpdateMember.Request ParseMemberPatch(JsonObject patch)
    {
        string? role = null;
        Guid? teamId = null;
        var clearTeam = false;
        bool? active = null;
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, node) in patch)
        {
            switch (field)
            {
                case "role" when node is JsonValue v && v.TryGetValue<string>(out var s): role = s; break;
                case "teamId" when node is null: clearTeam = true; break;
                case "teamId" when node is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var g): teamId = g; break;
                case "active" when node is JsonValue v && v.TryGetValue<bool>(out var b): active = b; break;
                case "role" or "teamId" or "active": errors[field] = ["Has the wrong type."]; break;
                default: errors[field] = ["Unknown or read-only field."]; break;
            }
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return new UpdateMember.Request(role, teamId, clearTeam, active);
    }

    public static string AbsoluteUrl(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";
}
