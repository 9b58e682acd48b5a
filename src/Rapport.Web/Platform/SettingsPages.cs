using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Demo;
using Rapport.Platform;
using Rapport.Platform.Features;
using Rapport.Platform.Trash;
using Rapport.Web.Http;
using Rapport.Web.Platform.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Platform;

/// <summary>
/// Settings (workspace, users, teams, API keys, audit log), the signed-in person's password, the
/// trash, and the anonymous invitation and password-reset links. Endpoints stay thin: they turn
/// form fields into handler requests and handler exceptions into pages; the rules live in the handlers.
/// </summary>
public static class SettingsPages
{
    /// <summary>Signed-in pages: /settings/*, /account/password, /trash.</summary>
    public static void MapSettingsPages(this RouteGroupBuilder ui)
    {
        var pages = ui;
        var settings = ui.MapSettings();

        settings.MapGet("", () => Results.Redirect("/settings/workspace"));

        // Workspace.
        settings.MapGet("/workspace", async (string? done, GetWorkspace get, SeedDemoData demo, CancellationToken ct) =>
            PageResults.Render<WorkspaceSettingsPage, WorkspaceSettingsPage.Model>(new WorkspaceSettingsPage.Model {
                Form = WorkspaceSettingsPage.FormValues.From(await get.HandleAsync(ct)), Done = done,
                CanLoadDemoData = await demo.IsWorkspaceEmptyAsync(ct),
            }));

        // Demo data, offered while the workspace has no contacts and no accounts (a second load is a 409 page).
        settings.MapPost("/workspace/demo-data", async (SeedDemoData demo, CancellationToken ct) =>
        {
            var loaded = await demo.HandleAsync(ct);
            return Results.Redirect($"/settings/workspace?done={Uri.EscapeDataString($"Demo data loaded: {loaded.Summary}")}");
        });

        settings.MapPost("/workspace", async (HttpContext http, [FromForm] string? name, [FromForm] string? defaultCountry,
            [FromForm] string? timeZone, [FromForm] string? locale, [FromForm] string? baseCurrency,
            [FromForm] string? fiscalYearStartMonth, [FromForm] long? version, UpdateWorkspace update,
            ListAudit audit, GetMember member, CancellationToken ct) =>
        {
            var form = new WorkspaceSettingsPage.FormValues(name, defaultCountry, timeZone, locale, baseCurrency, fiscalYearStartMonth, version ?? 0);
            var patch = new JsonObject
            {
                ["name"] = name, ["defaultCountry"] = defaultCountry, ["timeZone"] = timeZone, ["locale"] = locale,
                ["baseCurrency"] = baseCurrency,
                ["fiscalYearStartMonth"] = int.TryParse(fiscalYearStartMonth, out var month) ? JsonValue.Create(month) : JsonValue.Create(fiscalYearStartMonth),
            };
            try
            {
                await update.HandleAsync(patch, version, ct);
                return Results.Redirect("/settings/workspace?done=Workspace+settings+saved");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<WorkspaceSettingsPage, WorkspaceSettingsPage.Model>(http, "/settings/workspace", new WorkspaceSettingsPage.Model { Form = form, Errors = e.Errors }, PageResults.FormErrors);
            }
            catch (PreconditionFailedException)
            {
                var error = await ChangedByMessageAsync(http, audit, member, ct);
                return PageResults.RenderAt<WorkspaceSettingsPage, WorkspaceSettingsPage.Model>(http, "/settings/workspace", new WorkspaceSettingsPage.Model { Form = form, Conflict = error }, 409);
            }
        });

        // Users.
        settings.MapGet("/users", (string? done, string? error) => PageResults.Render<UsersSettingsPage, UsersSettingsPage.Model>(new UsersSettingsPage.Model { Done = done, Error = error }));

        settings.MapPost("/users/add", async (HttpContext http, [FromForm] string? email, [FromForm] string? name, [FromForm] string? role,
            [FromForm] string? password, [FromForm] string? teamId, AddUser add, CancellationToken ct) =>
        {
            var form = new AddUser.Request(email, name, role, password, Guid.TryParse(teamId, out var t) ? t : null);
            try
            {
                var member = await add.HandleAsync(form, ct);
                var done = member.Status == "invited"
                    ? $"{member.Email} already has a Rapport login, so they were invited instead: they join when they accept (signed in, or by the link mailed to them). The initial password was not used."
                    : $"{member.Name} was added. They can sign in with the initial password.";
                return Results.Redirect($"/settings/users?done={Uri.EscapeDataString(done)}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<UsersSettingsPage, UsersSettingsPage.Model>(http, "/settings/users", new UsersSettingsPage.Model { AddForm = form with { Password = null }, AddErrors = e.Errors }, PageResults.FormErrors);
            }
            catch (ConflictException e)
            {
                return PageResults.RenderAt<UsersSettingsPage, UsersSettingsPage.Model>(http, "/settings/users", new UsersSettingsPage.Model { AddForm = form with { Password = null }, Error = e.Message }, 409);
            }
        });

        settings.MapPost("/users/invite", async (HttpContext http, [FromForm] string? email, [FromForm] string? role,
            InviteUser invite, CancellationToken ct) =>
        {
            var form = new InviteUser.Request(email, role);
            try
            {
                var link = await invite.HandleAsync(form, ct);
                var shown = new UsersSettingsPage.Link($"Invite link for {email?.Trim()}", AbsoluteUrl(http, $"/invite/{link.Token}"), link.ExpiresAt,
                    "Send this link to the person: it lets them join with the chosen role. It is shown only now.");
                return PageResults.RenderAt<UsersSettingsPage, UsersSettingsPage.Model>(http, "/settings/users", new UsersSettingsPage.Model { NewLink = shown });
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<UsersSettingsPage, UsersSettingsPage.Model>(http, "/settings/users", new UsersSettingsPage.Model { InviteForm = form, InviteErrors = e.Errors }, PageResults.FormErrors);
            }
            catch (ConflictException e)
            {
                return PageResults.RenderAt<UsersSettingsPage, UsersSettingsPage.Model>(http, "/settings/users", new UsersSettingsPage.Model { InviteForm = form, Error = e.Message }, 409);
            }
        });

        settings.MapPost("/users/{userId:guid}/role", (Guid userId, [FromForm] string? role, UpdateMember update, CancellationToken ct) =>
            UpdateMemberAsync(update, userId, new UpdateMember.Request(Role: role ?? ""), "Role changed", ct));

        settings.MapPost("/users/{userId:guid}/team", (Guid userId, [FromForm] string? teamId, UpdateMember update, CancellationToken ct) =>
            UpdateMemberAsync(update, userId, Guid.TryParse(teamId, out var t) ? new UpdateMember.Request(TeamId: t) : new UpdateMember.Request(ClearTeam: true),
                "Team changed", ct));

        settings.MapPost("/users/{userId:guid}/deactivate", (Guid userId, UpdateMember update, CancellationToken ct) =>
            UpdateMemberAsync(update, userId, new UpdateMember.Request(Active: false), "Member deactivated: they can no longer sign in here", ct));

        settings.MapPost("/users/{userId:guid}/reactivate", (Guid userId, UpdateMember update, CancellationToken ct) =>
            UpdateMemberAsync(update, userId, new UpdateMember.Request(Active: true), "Member reactivated", ct));

        settings.MapPost("/users/{userId:guid}/reset-password", async (HttpContext http, Guid userId, ResetPassword reset,
            GetMember get, CancellationToken ct) =>
        {
            var member = await get.HandleAsync(userId, ct);
            var link = await reset.CreateLinkAsync(userId, ct);
            var shown = new UsersSettingsPage.Link($"Password reset link for {member.Name}", AbsoluteUrl(http, $"/reset/{link.Token}"), link.ExpiresAt,
                "Send this link to them: it lets them choose a new password once. It is shown only now.");
            return PageResults.RenderAt<UsersSettingsPage, UsersSettingsPage.Model>(http, "/settings/users", new UsersSettingsPage.Model { NewLink = shown });
        });

        // Teams.
        settings.MapGet("/teams", (string? done) => PageResults.Render<TeamsSettingsPage, TeamsSettingsPage.Model>(new TeamsSettingsPage.Model { Done = done }));

        settings.MapPost("/teams", async (HttpContext http, [FromForm] string? name, ManageTeams teams, CancellationToken ct) =>
        {
            try
            {
                var team = await teams.CreateAsync(new ManageTeams.Request(name), ct);
                return Results.Redirect($"/settings/teams?done={Uri.EscapeDataString($"Team “{team.Name}” created")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<TeamsSettingsPage, TeamsSettingsPage.Model>(http, "/settings/teams", new TeamsSettingsPage.Model { CreateName = name, CreateErrors = e.Errors }, PageResults.FormErrors);
            }
        });

        settings.MapPost("/teams/{id:guid}/rename", async (HttpContext http, Guid id, [FromForm] string? name, ManageTeams teams, CancellationToken ct) =>
        {
            try
            {
                var team = await teams.RenameAsync(id, new ManageTeams.Request(name), ct);
                return Results.Redirect($"/settings/teams?done={Uri.EscapeDataString($"Team renamed to “{team.Name}”")}");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<TeamsSettingsPage, TeamsSettingsPage.Model>(http, "/settings/teams", new TeamsSettingsPage.Model { RenameId = id, RenameName = name, RenameErrors = e.Errors }, PageResults.FormErrors);
            }
        });

        settings.MapPost("/teams/{id:guid}/delete", async (Guid id, ManageTeams teams, CancellationToken ct) =>
        {
            var team = await teams.GetAsync(id, ct);
            await teams.DeleteAsync(id, ct);
            return Results.Redirect($"/settings/teams?done={Uri.EscapeDataString($"Team “{team.Name}” moved to the trash. You can restore it from Trash for 30 days.")}");
        });

        // API keys.
        settings.MapGet("/api-keys", (string? done) => PageResults.Render<ApiKeysSettingsPage, ApiKeysSettingsPage.Model>(new ApiKeysSettingsPage.Model { Done = done }));

        settings.MapPost("/api-keys", async (HttpContext http, [FromForm] string? name, [FromForm] string? role, CreateApiKey create, CancellationToken ct) =>
        {
            var form = new CreateApiKey.Request(name, role);
            try
            {
                var created = await create.HandleAsync(form, ct);
                return PageResults.RenderAt<ApiKeysSettingsPage, ApiKeysSettingsPage.Model>(http, "/settings/api-keys", new ApiKeysSettingsPage.Model { NewKey = created.Key, NewKeyName = created.ApiKey.Name });
            }
            catch (ValidationFailedException e)
            {
                return PageResults.RenderAt<ApiKeysSettingsPage, ApiKeysSettingsPage.Model>(http, "/settings/api-keys", new ApiKeysSettingsPage.Model { Form = form, Errors = e.Errors }, PageResults.FormErrors);
            }
        });

        settings.MapPost("/api-keys/{id:guid}/revoke", async (Guid id, RevokeApiKey revoke, CancellationToken ct) =>
        {
            await revoke.HandleAsync(id, ct);
            return Results.Redirect("/settings/api-keys?done=API+key+revoked:+it+no+longer+works");
        });

        // Audit log.
        settings.MapGet("/audit", async (HttpContext http, string? cursor, ListAudit audit, CancellationToken ct) =>
        {
            try
            {
                var page = await audit.HandleAsync(null, 50, cursor, ct);
                return PageResults.Render<AuditLogPage, AuditLogPage.Model>(new AuditLogPage.Model { Entries = page, Cursor = cursor });
            }
            catch (ValidationFailedException)
            {
                return Results.Redirect("/settings/audit");
            }
        });

        // The signed-in person's password.
        pages.MapGet("/account/password", (string? done) => PageResults.Render<ChangePasswordPage, ChangePasswordPage.Model>(new ChangePasswordPage.Model { Done = done }));

        pages.MapPost("/account/password", async (HttpContext http, [FromForm] string? currentPassword, [FromForm] string? newPassword,
            ChangePassword change, CancellationToken ct) =>
        {
            DateTime changedAt;
            try { changedAt = await change.HandleAsync(new ChangePassword.Request(currentPassword, newPassword), ct); }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<ChangePasswordPage, ChangePasswordPage.Model>(new ChangePasswordPage.Model { Errors = e.Errors }, PageResults.FormErrors);
            }
            // The cookie carries the password stamp: re-issue it, or this very session would end.
            var claims = http.User.Claims.Where(c => c.Type != Authentication.PasswordStampClaim)
                .Append(new Claim(Authentication.PasswordStampClaim, changedAt.Ticks.ToString()));
            await http.SignInAsync(Authentication.CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, Authentication.CookieScheme)));
            return Results.Redirect("/account/password?done=Password+changed");
        });

        // Trash.
        pages.MapGet("/trash", async (string? done, string? cursor, TrashBin trash, CancellationToken ct) =>
        {
            try
            {
                return PageResults.Render<TrashPage, TrashPage.Model>(new TrashPage.Model { Items = await trash.ListAsync(50, cursor, ct), Cursor = cursor, Done = done });
            }
            catch (ValidationFailedException)
            {
                return Results.Redirect("/trash");
            }
        });

        pages.MapPost("/trash/{entityId:guid}/restore", async (Guid entityId, TrashBin trash, CancellationToken ct) =>
        {
            var item = await trash.RestoreAsync(entityId, ct);
            return Results.Redirect($"/trash?done={Uri.EscapeDataString($"{TrashPage.TypeName(item.EntityType)} “{item.Title}” restored")}");
        });
    }

    /// <summary>Anonymous pages: invitation links and password-reset links.</summary>
    public static void MapAccountPages(this RouteGroupBuilder open)
    {
        open.MapGet("/invite/{token}", async (string token, AcceptInvitation accept, CancellationToken ct) =>
        {
            try { return PageResults.Render<InvitePage, InvitePage.Model>(new InvitePage.Model { Token = token, Preview = await accept.PreviewAsync(token, ct) }); }
            catch (NotFoundException e) { return InvalidLink(e.Message); }
        });

        open.MapPost("/invite/{token}", async (HttpContext http, string token, [FromForm] string? name, [FromForm] string? password,
            AcceptInvitation accept, CancellationToken ct) =>
        {
            AcceptInvitation.Preview preview;
            try { preview = await accept.PreviewAsync(token, ct); }
            catch (NotFoundException e) { return InvalidLink(e.Message); }
            try
            {
                var user = await accept.HandleAsync(new AcceptInvitation.Request(token, name, password), ct);
                await http.SignInAsync(Authentication.CookieScheme, Authentication.CookiePrincipal(user));
                return Results.Redirect("/");
            }
            catch (ValidationFailedException e)
            {
                return PageResults.Render<InvitePage, InvitePage.Model>(new InvitePage.Model { Token = token, Preview = preview, Name = name, Errors = e.Errors }, PageResults.FormErrors);
            }
            catch (ConflictException e)
            {
                return PageResults.Render<InvitePage, InvitePage.Model>(new InvitePage.Model { Token = token, Preview = preview, Name = name, Error = e.Message }, 409);
            }
        }).RequireRateLimiting(RateLimits.SignIn);

        open.MapGet("/reset/{token}", async (string token, ResetPassword reset, CancellationToken ct) =>
            await reset.IsValidAsync(token, ct)
                ? PageResults.Render<ResetPasswordPage, ResetPasswordPage.Model>(new ResetPasswordPage.Model { Token = token })
                : InvalidLink("This reset link is not valid any more. Ask for a new one with \"Forgot your password?\" on the sign-in page."));

        open.MapGet("/forgot-password", () => PageResults.Render<ForgotPasswordPage, ForgotPasswordPage.Model>(new ForgotPasswordPage.Model()));
        open.MapPost("/forgot-password", async ([FromForm] string? email, ForgotPassword forgot, CancellationToken ct) =>
        {
            await forgot.RequestAsync(email, ct);
            return PageResults.Render<ForgotPasswordPage, ForgotPasswordPage.Model>(new ForgotPasswordPage.Model { Email = email?.Trim(), Sent = true });
        }).RequireRateLimiting(RateLimits.SignIn);

        open.MapPost("/reset/{token}", async (string token, [FromForm] string? password, ResetPassword reset, CancellationToken ct) =>
        {
            try
            {
                await reset.CompleteAsync(token, password, ct);
                return Results.Redirect("/signin?notice=password-reset");
            }
            catch (ValidationFailedException e) { return PageResults.Render<ResetPasswordPage, ResetPasswordPage.Model>(new ResetPasswordPage.Model { Token = token, Errors = e.Errors }, PageResults.FormErrors); }
            catch (NotFoundException e) { return InvalidLink(e.Message); }
        }).RequireRateLimiting(RateLimits.SignIn);
    }

    private static IResult InvalidLink(string message) => PageResults.Render<LinkInvalidPage, LinkInvalidPage.Model>(new LinkInvalidPage.Model { Message = message }, 404);

    private static async Task<IResult> UpdateMemberAsync(UpdateMember update, Guid userId, UpdateMember.Request request, string done, CancellationToken ct)
    {
        try
        {
            var m = await update.HandleAsync(userId, request, ct);
            return Results.Redirect($"/settings/users?done={Uri.EscapeDataString($"{done}: {m.Name}")}");
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException)
        {
            var message = e is ValidationFailedException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message;
            return Results.Redirect($"/settings/users?error={Uri.EscapeDataString(message)}");
        }
    }

    private static string AbsoluteUrl(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";

    /// <summary>"…changed by Ana 2 minutes ago" from the workspace's latest audit entry.</summary>
    private static async Task<string> ChangedByMessageAsync(HttpContext http, ListAudit audit, GetMember member, CancellationToken ct)
    {
        var ctx = http.RequestServices.GetRequiredService<RequestContext>();
        var last = (await audit.HandleAsync(ctx.WorkspaceId, 1, null, ct)).Items.FirstOrDefault();
        var who = "someone else";
        if (last?.ActorUserId is { } actor)
        {
            try { who = actor == ctx.UserId ? "you (in another tab)" : (await member.HandleAsync(actor, ct)).Name; }
            catch (NotFoundException) { }
        }
        else if (last?.ActorApiKeyId is not null) who = "an API key";
        var when = last is null ? "" : " " + http.RequestServices.GetRequiredService<WorkspaceFormat>().Relative(last.OccurredAt);
        return $"These settings were changed by {who}{when}. Reload to see the current values; what you typed is kept below.";
    }
}
