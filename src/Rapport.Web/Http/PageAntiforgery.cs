using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Web.Http;

/// <summary>
/// Antiforgery for every unsafe (POST/PUT/PATCH/DELETE) request outside /api, in one place.
/// ASP.NET's <c>UseAntiforgery</c> only checks endpoints that bind a form field, so a page action
/// that reads nothing from the form (a delete, a revoke, inline edits reading the body by hand) was
/// open to cross-site posts. The token comes from the form's hidden field or, for htmx, from the
/// <c>RequestVerificationToken</c> header set on <c>&lt;body hx-headers&gt;</c>.
/// Not checked: /api (bearer keys only, never cookies, so nothing ambient to forge — the public
/// form submission lives there too: anonymous, posted from other sites, guarded by its allowed
/// origins) and an endpoint marked <c>DisableAntiforgery()</c>, which must validate itself
/// (the import upload does, after raising the body limit) — RouteSecurityTests proves every page
/// route refuses a post without a token.
/// </summary>
public static class PageAntiforgery
{
    public static IApplicationBuilder UsePageAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // UseAntiforgery (just before) has already checked endpoints that bind a form field: take its verdict.
        if (NeedsToken(http) && !(http.Features.Get<IAntiforgeryValidationFeature>()?.IsValid
                                  ?? await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)))
        {
            await Refused().ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static bool NeedsToken(HttpContext http) =>
        !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
          || HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method))
        && !http.Request.Path.StartsWithSegments("/api")
        && http.GetEndpoint() is { } endpoint
        && endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: false };

    /// <summary>
    /// The 400 for a missing or invalid token: problem+json for a client that asks for JSON, else
    /// the small error page (like the other bodiless page errors in <see cref="StatusPages"/>).
    /// </summary>
    public static IResult Refused() => new RefusedResult();

    private sealed class RefusedResult : IResult
    {
        private const string Title = "The form has expired.";
        private const string Message = "This form was not sent from a current Rapport page (it may have expired). Reload the page and try again.";

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            if (http.Request.Headers.Accept.ToString().Contains("json"))
            {
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails { Status = 400, Title = Title, Detail = Message },
                });
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(StatusPages.Html(400, Title, Message));
        }
    }
}
