using Rapport.Common;

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
        return api;
    }

    /// <summary>The standard list parameters: <c>?limit=50&amp;cursor=…</c>.</summary>
    public sealed record ListQuery(int? Limit, string? Cursor);
}
