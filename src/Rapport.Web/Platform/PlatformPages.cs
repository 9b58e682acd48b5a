using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Demo;
using Rapport.Platform.Features;
using Rapport.Web.Activities;
using Rapport.Web.Http;
using Rapport.Web.Search;
using Rapport.Web.Platform.Pages;
using Rapport.Web.Imports;
using Rapport.Web.Sales;
using Rapport.Web.Shared;

namespace Rapport.Web.Platform;

/// <summary>The platform's pages: first run, sign-in and sign-out, workspace switch, home, settings.</summary>
public static class PlatformPages
{
    /// <summary>First run, sign-in and the account pages (anonymous); home, invitations, settings, trash (signed in).</summary>
    public static void MapPlatformPages(this RouteGroupBuilder ui, RouteGroupBuilder open)
    {

        open.MapGet("/setup", async (SignUp signUp, CancellationToken ct) =>
            await signUp.IsAllowedAsync(ct) ? (IResult)PageResults.Render<SetupPage, SetupPage.Model>(new SetupPage.Model()) : Results.Redirect("/signin"));

        open.MapPost("/setup", async (HttpContext http, [FromForm] string? workspaceName, [FromForm] string? name,
            [FromForm] string? email, [FromForm] string? password, [FromForm] string? demoData, SignUp signUp, SignIn signIn,
            SeedDemoData demo, CancellationToken ct) =>
        {
            var form = new SignUp.Request(workspaceName, name, email, password);
            var withDemo = demoData is "true" or "on";
            SignUp.Result created;
            try { created = await signUp.HandleAsync(form, ct); }
            catch (ValidationFailedException e) { return PageResults.Render<SetupPage, SetupPage.Model>(new SetupPage.Model { Form = form, Errors = e.Errors, DemoData = withDemo }, PageResults.FormErrors); }
            catch (ForbiddenException) { return Results.Redirect("/signin"); }
            // The sign-up left the scope acting as the new owner in the new workspace.
            var seeded = withDemo ? await demo.HandleAsync(ct) : null;
            var user = await signIn.HandleAsync(new SignIn.Request(email, password, created.WorkspaceId), ct);
            await http.SignInAsync(Authentication.CookieScheme, Authentication.CookiePrincipal(user));
            return PageResults.Render<SetupDonePage, SetupDonePage.Model>(new SetupDonePage.Model { ApiKey = created.ApiKey, Demo = seeded });
        }).RequireRateLimiting(RateLimits.SignIn);

        open.MapGet("/signin", async (string? returnUrl, SignUp signUp, CancellationToken ct) =>
            await signUp.IsAllowedAsync(ct) && !await AnyWorkspaceAsync(signUp, ct)
                ? (IResult)Results.Redirect("/setup")
                : PageResults.Render<SignInPage, SignInPage.Model>(new SignInPage.Model { ReturnUrl = returnUrl }));

        open.MapPost("/signin", async (HttpContext http, [FromForm] string? email, [FromForm] string? password,
            [FromForm] string? returnUrl, SignIn signIn, CancellationToken ct) =>
        {
            try
            {
                var user = await signIn.HandleAsync(new SignIn.Request(email, password), ct);
                await http.SignInAsync(Authentication.CookieScheme, Authentication.CookiePrincipal(user));
                return Results.Redirect(PageResults.SafeReturnUrl(returnUrl));
            }
            catch (AuthenticationFailedException e)
            {
                return PageResults.Render<SignInPage, SignInPage.Model>(new SignInPage.Model { Email = email, Error = e.Message, ReturnUrl = returnUrl }, 401);
            }
        }).RequireRateLimiting(RateLimits.SignIn);

        ui.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(Authentication.CookieScheme);
            return Results.Redirect("/signin");
        });

        ui.MapPost("/workspaces/switch", async (HttpContext http, [FromForm] Guid workspaceId, RequestContext ctx,
            Rapport.Data.RapportDb db, CancellationToken ct) =>
        {
            var role = await ListMyWorkspaces.ActiveRoleAsync(db, ctx.UserId!.Value, workspaceId, ct);
            if (role is null) return Results.NotFound();
            await SwitchToAsync(http, workspaceId);
            return Results.Redirect("/");
        });

        ui.MapGet("/", async (GetWorkspace get, MyInvitations invitations, CancellationToken ct) =>
        {
            var workspace = await get.HandleAsync(ct);
            return PageResults.Render<HomePage, HomePage.Model>(new HomePage.Model { Workspace = workspace, Invitations = await invitations.ListAsync(ct) });
        });

        // Invitations to other workspaces, answered while signed in (issue #11: adding an existing login only invites it).
        ui.MapGet("/invitations", async (MyInvitations invitations, CancellationToken ct) =>
            PageResults.Render<InvitationsPage, InvitationsPage.Model>(new InvitationsPage.Model { Items = await invitations.ListAsync(ct) }));
        ui.MapPost("/invitations/{id:guid}/accept", async (HttpContext http, Guid id, MyInvitations invitations, CancellationToken ct) =>
        {
            try
            {
                var workspaceId = await invitations.AcceptAsync(id, ct);
                await SwitchToAsync(http, workspaceId);
                return Results.Redirect("/");
            }
            catch (NotFoundException e)
            {
                return PageResults.Render<InvitationsPage, InvitationsPage.Model>(new InvitationsPage.Model { Items = await invitations.ListAsync(ct), Error = e.Message }, 404);
            }
        });
        ui.MapPost("/invitations/{id:guid}/decline", async (Guid id, MyInvitations invitations, CancellationToken ct) =>
        {
            try
            {
                await invitations.DeclineAsync(id, ct);
                return Results.Redirect("/invitations");
            }
            catch (NotFoundException e)
            {
                return PageResults.Render<InvitationsPage, InvitationsPage.Model>(new InvitationsPage.Model { Items = await invitations.ListAsync(ct), Error = e.Message }, 404);
            }
        });

        ui.MapSettingsPages();
        open.MapAccountPages();
    }

    /// <summary>Re-issues the sign-in cookie with another workspace (one the caller has checked they belong to).</summary>
    private static Task SwitchToAsync(HttpContext http, Guid workspaceId)
    {
        var claims = http.User.Claims.Where(c => c.Type != Authentication.WorkspaceClaim)
            .Append(new System.Security.Claims.Claim(Authentication.WorkspaceClaim, workspaceId.ToString()));
        return http.SignInAsync(Authentication.CookieScheme,
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, Authentication.CookieScheme)));
    }

    private static async Task<bool> AnyWorkspaceAsync(SignUp signUp, CancellationToken ct) => !await signUp.IsFirstRunAsync(ct);
}
