namespace Rapport.Web.Http;

/// <summary>
/// Security headers on every response (pages, API, static files, error pages):
/// <list type="bullet">
/// <item>A Content-Security-Policy that allows scripts only from this site: no inline scripts or
/// handlers (behaviour lives in wwwroot/js), no eval (htmx runs with <c>allowEval:false</c>), so
/// markup that slips through escaping cannot run. Styles come from app.css; <c>style-src-attr
/// 'unsafe-inline'</c> allows style attributes only (the forecast funnel's bar width), never a
/// <c>&lt;style&gt;</c> element (htmx's indicator styles are in app.css, <c>includeIndicatorStyles:false</c>).
/// Not embeddable anywhere (<c>frame-ancestors 'none'</c>), forms post only here.</item>
/// <item><c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: strict-origin-when-cross-origin</c>.</item>
/// </list>
/// An endpoint that needs another policy sets its own Content-Security-Policy header (the public
/// web form: <see cref="PublicFormPolicy"/>); it is kept. HSTS is <c>UseHsts</c> in Program (https
/// requests outside Development).
/// </summary>
public static class SecurityHeaders
{
    private const string Common = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'";

    public const string Policy = Common + "; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Swagger UI, /api/docs): its scripts are files here too (no inline script, no
    /// eval), but the bundle applies inline styles (a CSP violation otherwise, seen in the browser
    /// test): inline styles are allowed on that path only. It shows our own OpenAPI document, not user content.
    /// </summary>
    public const string ApiDocsPolicy = Common + "; script-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiDocsPath = "/api/docs";

    /// <summary>
    /// The hosted web form (/f/…) is embedded by iframes on the form's allowed origins, and after a
    /// submission may redirect to the form's redirect URL (browsers check form-action on that
    /// redirect too).
    /// </summary>
    public static string PublicFormPolicy(IEnumerable<string> allowedOrigins, string? redirectUrl)
    {
        // Origins are normalized on save (scheme://host[:port]), so they cannot carry ';' or spaces.
        var ancestors = string.Join(" ", allowedOrigins.Prepend("'self'"));
        var formAction = "'self'";
        if (redirectUrl is not null && Uri.TryCreate(redirectUrl, UriKind.Absolute, out var r) && (r.Scheme == Uri.UriSchemeHttps || r.Scheme == Uri.UriSchemeHttp))
            formAction += " " + r.GetLeftPart(UriPartial.Authority);
        return Common + $"; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; form-action {formAction}; frame-ancestors {ancestors}";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // On starting, not now: the exception handler and status pages clear the headers of a failed
        // response, and an endpoint's own policy (set by then) must win over the default.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy"))
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(ApiDocsPath) ? ApiDocsPolicy : Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next();
    });
}
