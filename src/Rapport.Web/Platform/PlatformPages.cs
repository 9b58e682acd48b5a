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
    public static void MapPlatformPages(this WebApplication app)
    {
        var open = app.MapGroup("").ExcludeFromDescription().AllowAnonymous();

        open.MapGet("/setup", async (SignUp signUp, CancellationToken ct) =>
            await signUp.IsAllowedAsync(ct) ? (IResult)PageResults.Render<SetupPage>() : Results.Redirect("/signin"));

        open.MapPost("/setup", async (HttpContext http, [FromForm] string? workspaceName, [FromForm] string? name,
            [FromForm] string? email, [FromForm] string? password, [FromForm] string? demoData, SignUp signUp, SignIn signIn,
            SeedDemoData demo, CancellationToken ct) =>
        {
            var form = new SignUp.Request(workspaceName, name, email, password);
            var withDemo = demoData is "true" or "on";
            SignUp.Result created;
            try { created = await signUp.HandleAsync(form, ct); }
            catch (ValidationFailedException e) { return PageResults.Render<SetupPage>(new { Form = form, e.Errors, DemoData = withDemo }, PageResults.FormErrors); }
            catch (ForbiddenException) { return Results.Redirect("/signin"); }
            // The sign-up left the scope acting as the new owner in the new workspace.
            var seeded = withDemo ? await demo.HandleAsync(ct) : null;
            var user = await signIn.HandleAsync(new SignIn.Request(email, password, created.WorkspaceId), ct);
            await http.SignInAsync(Authentication.CookieScheme, Authentication.CookiePrincipal(user));
            return PageResults.Render<SetupDonePage>(new { ApiKey = created.ApiKey, Demo = seeded });
        }).RequireRateLimiting(RateLimits.SignIn);

        open.MapGet("/signin", async (string? returnUrl, SignUp signUp, CancellationToken ct) =>
            await signUp.IsAllowedAsync(ct) && !await AnyWorkspaceAsync(signUp, ct)
                ? (IResult)Results.Redirect("/setup")
                : PageResults.Render<SignInPage>(new { ReturnUrl = returnUrl }));

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
                return PageResults.Render<SignInPage>(new { Email = email, Error = e.Message, ReturnUrl = returnUrl }, 401);
            }
        }).RequireRateLimiting(RateLimits.SignIn);

        var ui = app.MapGroup("").ExcludeFromDescription().RequireAuthorization("ui");

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
            var principal = http.User;
            var claims = principal.Claims.Where(c => c.Type != Authentication.WorkspaceClaim)
                .Append(new System.Security.Claims.Claim(Authentication.WorkspaceClaim, workspaceId.ToString()));
            await http.SignInAsync(Authentication.CookieScheme,
                new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, Authentication.CookieScheme)));
            return Results.Redirect("/");
        });

        ui.MapGet("/", async (GetWorkspace get, CancellationToken ct) => PageResults.Render<HomePage>(new { Workspace = await get.HandleAsync(ct) }));

        ui.MapSettingsPages();
        ui.MapActivitiesPages();
        ui.MapSearchPages();
        ui.MapImportsPages();
        ui.MapSalesPages();
        open.MapAccountPages();
    }

    private static async Task<bool> AnyWorkspaceAsync(SignUp signUp, CancellationToken ct) => !await signUp.IsFirstRunAsync(ct);
}
