using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Web.Http;

/// <summary>JSON bodies up to 1 MB (PRODUCT.md); larger → 413 problem. Upload endpoints raise their own limit.</summary>
public static class BodyLimit
{
    public const long MaxJsonBytes = 1024 * 1024;

    public static IApplicationBuilder UseJsonBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // CSV uploads (POST /api/v1/imports) stream to disk and set their own limit (2 GB).
        if (http.Request.Path.StartsWithSegments("/api") && !(HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/api/v1/imports", StringComparison.OrdinalIgnoreCase)))
        {
            if (http.Request.ContentLength > MaxJsonBytes)
            {
                http.Response.StatusCode = 413;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails { Status = 413, Title = "Request body too large.", Detail = $"JSON bodies may be at most {MaxJsonBytes / 1024 / 1024} MB." },
                });
                return;
            }
            var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = MaxJsonBytes;
        }
        await next();
    });
}
