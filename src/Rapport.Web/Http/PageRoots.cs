using Rapport.Common;
using Rapport.Web.Platform.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Http;

/// <summary>
/// The two roots every module maps its pages onto (Program.cs, one line per module): anonymous pages,
/// and signed-in pages (the "ui" cookie policy, and a domain error that a page did not turn into a
/// form message becomes an error page). Antiforgery is checked for both by <c>PageAntiforgery</c>.
/// </summary>
public static class PageRoots
{
    public static RouteGroupBuilder MapOpenPages(this IEndpointRouteBuilder app) =>
        app.MapGroup("").ExcludeFromDescription().AllowAnonymous();

    public static RouteGroupBuilder MapSignedInPages(this IEndpointRouteBuilder app) =>
        app.MapGroup("").ExcludeFromDescription().RequireAuthorization("ui").AddEndpointFilter(PageErrors);

    /// <summary>A module's settings pages (/settings/...): owners and admins only.</summary>
    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder ui) => ui.MapGroup("/settings").AddEndpointFilter(AdminOnly);

    internal static async ValueTask<object?> AdminOnly(EndpointFilterInvocationContext c, EndpointFilterDelegate next)
    {
        var ctx = c.HttpContext.RequestServices.GetRequiredService<RequestContext>();
        if (!Roles.IsAdmin(ctx.Role))
            return PageResults.Render<ErrorPage, ErrorPage.Model>(new ErrorPage.Model { Status = 403, Message = "Only owners and admins of this workspace can open the settings." }, 403);
        return await next(c);
    }

    /// <summary>A domain error that an endpoint did not turn into a form message becomes an error page.</summary>
    internal static async ValueTask<object?> PageErrors(EndpointFilterInvocationContext c, EndpointFilterDelegate next)
    {
        try { return await next(c); }
        catch (ForbiddenException e) { return PageResults.Render<ErrorPage, ErrorPage.Model>(new ErrorPage.Model { Status = 403, Message = e.Message }, 403); }
        catch (NotFoundException e) { return PageResults.Render<ErrorPage, ErrorPage.Model>(new ErrorPage.Model { Status = 404, Message = e.Message }, 404); }
        catch (ConflictException e) { return PageResults.Render<ErrorPage, ErrorPage.Model>(new ErrorPage.Model { Status = 409, Message = e.Message }, 409); }
    }
}
