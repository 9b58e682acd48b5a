using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Web.Http;

/// <summary>Bodiless error statuses (unknown route 404, wrong method 405, 415…): problem+json under /api, a small HTML page elsewhere.</summary>
public static class StatusPages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var title = status switch
        {
            404 => "Not found.",
            405 => "Method not allowed.",
            415 => "Unsupported media type.",
            401 => "Unauthorized.",
            403 => "Forbidden.",
            _ => "Error.",
        };
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi")
            || http.Request.Headers.Accept.ToString().Contains("json"))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = status, Title = title },
            });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Html(status, title, status == 404 ? "There is nothing at this address." : title));
    }

    /// <summary>A small standalone error page in the app's style.</summary>
    public static string Html(int status, string title, string message) => $"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark"><title>{status} · Rapport</title><link rel="stylesheet" href="/css/app.css"></head>
        <body class="auth"><main class="auth-card"><div class="brand" aria-hidden="true">Rapport</div><h1>{WebUtility.HtmlEncode(title)}</h1>
        <p>{WebUtility.HtmlEncode(message)}</p><p><a href="/">Back to Rapport</a></p></main></body></html>
        """;
}
