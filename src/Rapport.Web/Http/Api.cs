using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Web.Http;

public static class Api
{
    /// <summary>
    /// The /api/v1 root every module maps onto: API keys only, and the readonly rule for every
    /// write route (POST, PUT, PATCH, DELETE → 403 for a readonly key), so new routes get it too.
    /// </summary>
    public static RouteGroupBuilder MapApiRoot(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization("api");
        api.AddEndpointFilter(async (c, next) =>
        {
            var method = c.HttpContext.Request.Method;
            if (method is "POST" or "PUT" or "PATCH" or "DELETE")
                c.HttpContext.RequestServices.GetRequiredService<RequestContext>().EnsureCanWrite();
            return await next(c);
        });
        api.AddEndpointFilter(LastWriteWinsAsync);
        return api;
    }

    /// <summary>Attempts of a PATCH without If-Match that lost a version race; each loss means another write won.</summary>
    private const int PatchAttempts = 10;

    /// <summary>
    /// A PATCH without If-Match is last-write-wins (PRODUCT.md), but every versioned entity's version is
    /// an EF concurrency token, so two overlapping PATCHes of one record made the later save fail as a
    /// 412. Here, for every PATCH route: when the client sent no If-Match, a version conflict forgets
    /// what the attempt loaded and runs the handler again, which reloads the record and re-applies the
    /// merge patch on top of the write that won. With If-Match the conflict stays a 412 (that client
    /// asked for exactly that version).
    /// </summary>
    private static async ValueTask<object?> LastWriteWinsAsync(EndpointFilterInvocationContext c, EndpointFilterDelegate next)
    {
        var http = c.HttpContext;
        if (!HttpMethods.IsPatch(http.Request.Method) || ETags.Sent(http.Request)) return await next(c);
        // A writer may consume the patch object: each attempt gets a fresh copy of the body as sent.
        var bodies = c.Arguments.Select(a => (a as JsonNode)?.DeepClone()).ToArray();
        var db = http.RequestServices.GetRequiredService<RapportDb>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(c);
            }
            catch (DbUpdateConcurrencyException) when (attempt < PatchAttempts && !http.RequestAborted.IsCancellationRequested)
            {
                if (db.Database.CurrentTransaction is { } tx) await tx.DisposeAsync();
                db.ChangeTracker.Clear();
                for (var i = 0; i < bodies.Length; i++)
                    if (bodies[i] is { } body) c.Arguments[i] = body.DeepClone();
                // A short random pause, so the losers of one race do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), http.RequestAborted);
            }
        }
    }

    /// <summary>The standard list parameters: <c>?limit=50&amp;cursor=…</c>.</summary>
    public sealed record ListQuery(int? Limit, string? Cursor);
}
