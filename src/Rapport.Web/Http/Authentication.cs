using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Features;

namespace Rapport.Web.Http;

/// <summary>
/// Two doors: the API takes <c>Authorization: Bearer rpk_…</c> only; the UI uses the sign-in cookie.
/// After either, <see cref="UseRequestContext"/> fills the scoped RequestContext that the
/// database filter and the handlers read.
/// </summary>
public static class Authentication
{
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string SelectorScheme = "ByPath";

    public const string WorkspaceClaim = "ws";
    public const string RoleClaim = "role";
    public const string UserIdClaim = "uid";
    public const string ApiKeyIdClaim = "kid";
    public const string PasswordStampClaim = "pwd";

    public static IServiceCollection AddRapportAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments("/api") ? ApiKeyScheme : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "rapport.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/forbidden";
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy("api", p => p.AddAuthenticationSchemes(ApiKeyScheme).RequireAuthenticatedUser())
            .AddPolicy("ui", p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
        return services;
    }

    public static ClaimsPrincipal CookiePrincipal(SignIn.Result r) => new(new ClaimsIdentity(
    [
        new Claim(UserIdClaim, r.UserId.ToString()),
        // Antiforgery binds tokens to this claim; without it, to a hash of all claims, so switching
        // workspace would invalidate the forms open in other tabs.
        new Claim(ClaimTypes.NameIdentifier, r.UserId.ToString()),
        new Claim(ClaimTypes.Name, r.Name),
        new Claim(ClaimTypes.Email, r.Email),
        new Claim(WorkspaceClaim, r.WorkspaceId.ToString()),
        new Claim(PasswordStampClaim, r.PasswordChangedAt.Ticks.ToString()),
    ], CookieScheme));

    private const string RoleItem = "rapport.role";

    /// <summary>
    /// Runs whenever the cookie is read: the membership is checked against the database on every
    /// request, so a deactivated member, or a session from before a password change, is signed out at once.
    /// </summary>
    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var http = context.HttpContext;
        string? role = null;
        if (Guid.TryParse(principal?.FindFirstValue(UserIdClaim), out var userId)
            && Guid.TryParse(principal?.FindFirstValue(WorkspaceClaim), out var workspaceId))
        {
            var db = http.RequestServices.GetRequiredService<RapportDb>();
            var changed = await ListMyWorkspaces.PasswordChangedAtAsync(db, userId, http.RequestAborted);
            if (changed is { } c && c.Ticks.ToString() == principal!.FindFirstValue(PasswordStampClaim))
                role = await ListMyWorkspaces.ActiveRoleAsync(db, userId, workspaceId, http.RequestAborted);
        }
        if (role is null)
        {
            context.RejectPrincipal();
            await http.SignOutAsync(CookieScheme);
            return;
        }
        http.Items[RoleItem] = role;
    }

    /// <summary>Sets RequestContext from the authenticated principal (API key or cookie).</summary>
    public static IApplicationBuilder UseRequestContext(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var principal = http.User;
        var ctx = http.RequestServices.GetRequiredService<RequestContext>();
        if (principal.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyScheme })
        {
            ctx.Set(Guid.Parse(principal.FindFirstValue(WorkspaceClaim)!), principal.FindFirstValue(RoleClaim)!,
                apiKeyId: Guid.Parse(principal.FindFirstValue(ApiKeyIdClaim)!));
        }
        else if (principal.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme } && http.Items[RoleItem] is string role)
        {
            ctx.Set(Guid.Parse(principal.FindFirstValue(WorkspaceClaim)!), role, userId: Guid.Parse(principal.FindFirstValue(UserIdClaim)!));
        }
        await next();
    });

    private sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
        AuthenticateApiKey authenticate, IProblemDetailsService problems)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return AuthenticateResult.Fail("Use Authorization: Bearer <api key>.");
            var key = await authenticate.HandleAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
            if (key is null) return AuthenticateResult.Fail("The API key is not valid or was revoked.");
            var identity = new ClaimsIdentity(
            [
                new Claim(WorkspaceClaim, key.WorkspaceId.ToString()),
                new Claim(ApiKeyIdClaim, key.ApiKeyId.ToString()),
                new Claim(RoleClaim, key.Role),
            ], ApiKeyScheme);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyScheme));
        }

        protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 401;
            Response.Headers.WWWAuthenticate = "Bearer";
            var result = await HandleAuthenticateOnceSafeAsync();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = new ProblemDetails
                {
                    Status = 401, Title = "Unauthorized.",
                    Detail = result.Failure?.Message ?? "This API needs an API key: Authorization: Bearer rpk_…",
                },
            });
        }

        protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 403;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = new ProblemDetails { Status = 403, Title = "Forbidden.", Detail = "Your role may not do this." },
            });
        }
    }
}
