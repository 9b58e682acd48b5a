using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Rapport.Common;

namespace Rapport.Web.Http;

/// <summary>
/// PRODUCT.md: sign-in and sign-up 10 a minute per IP; the API 6,000 a minute per key. Both
/// configurable (RateLimits:SignInPerMinute, RateLimits:ApiPerMinute). The counters live in each
/// instance's memory: behind a load balancer each instance counts on its own (docs/decisions).
/// </summary>
public static class RateLimits
{
    public const string SignIn = "signin";

    public static IServiceCollection AddRapportRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var signInPerMinute = config.GetValue("RateLimits:SignInPerMinute", 10);
        var apiPerMinute = config.GetValue("RateLimits:ApiPerMinute", 6000);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.OnRejected = async (c, ct) =>
            {
                var seconds = c.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 60;
                c.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (!c.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    // A person at the sign-in form gets a page, not JSON.
                    c.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                    await c.HttpContext.Response.WriteAsync(StatusPages.Html(429, "Too many attempts",
                        $"Too many sign-in attempts from your network. Try again in {seconds} seconds."), ct);
                    return;
                }
                await c.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = c.HttpContext,
                    ProblemDetails = new ProblemDetails { Status = 429, Title = "Too many requests.", Detail = $"Try again in {seconds} seconds." },
                });
            };
            o.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var auth = http.Request.Headers.Authorization.ToString();
                if (!http.Request.Path.StartsWithSegments("/api") || auth.Length == 0)
                    return RateLimitPartition.GetNoLimiter("none");
                return RateLimitPartition.GetFixedWindowLimiter("key:" + Secrets.Hash(auth),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = apiPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }
}
