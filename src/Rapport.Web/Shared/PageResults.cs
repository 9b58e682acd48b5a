using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Web.Shared;

public static class PageResults
{
    /// <summary>
    /// Renders a page component (its @layout applies) with untyped parameters and a status code. Only the
    /// Customers pages still use it (issue #12); a page takes one typed model: <see cref="Render{TPage, TModel}"/>.
    /// </summary>
    public static RazorComponentResult<T> Render<T>(object? parameters = null, int status = 200) where T : IComponent =>
        new(parameters ?? new { }) { StatusCode = status };

    /// <summary>Renders a page or fragment with its one typed model (see <see cref="IPageModel{TModel}"/>) and a status code.</summary>
    public static RazorComponentResult<TPage> Render<TPage, TModel>(TModel model, int status = 200) where TPage : IComponent, IPageModel<TModel> =>
        new(new Dictionary<string, object?> { [nameof(IPageModel<TModel>.M)] = model }) { StatusCode = status };

    /// <summary>As <see cref="Render{TPage, TModel}"/>, answering a POST: htmx puts <paramref name="path"/> in the location bar.</summary>
    public static RazorComponentResult<TPage> RenderAt<TPage, TModel>(HttpContext http, string path, TModel model, int status = 200) where TPage : IComponent, IPageModel<TModel>
    {
        http.Response.Headers["HX-Push-Url"] = path;
        return Render<TPage, TModel>(model, status);
    }

    /// <summary>A form re-rendered with its errors: 422, which the htmx config swaps in.</summary>
    public const int FormErrors = 422;

    /// <summary>
    /// A page rendered in answer to a POST (errors, or a result shown once): htmx puts this path in the
    /// location bar instead of the form's action. Untyped, like <see cref="Render{T}"/>: Customers only.
    /// </summary>
    public static RazorComponentResult<T> RenderAt<T>(HttpContext http, string path, object? parameters = null, int status = 200) where T : IComponent
    {
        http.Response.Headers["HX-Push-Url"] = path;
        return Render<T>(parameters, status);
    }

    /// <summary>
    /// After a successful form post: a redirect (303) for a plain browser or a boosted form; for a form
    /// htmx posts into part of the page (a dialog, an inline editor), HX-Location, so htmx navigates
    /// the whole page instead of swapping the next page into that part.
    /// </summary>
    public static IResult NavigateTo(HttpContext http, string url)
    {
        url = SafeReturnUrl(url);
        if (http.Request.Headers.ContainsKey("HX-Request") && !http.Request.Headers.ContainsKey("HX-Boosted"))
        {
            http.Response.Headers["HX-Location"] = System.Text.Json.JsonSerializer.Serialize(new { path = url, target = "body" });
            return Results.NoContent();
        }
        return Results.Redirect(url);
    }

    /// <summary>Whether this request is htmx fetching a part of a page (not a boosted navigation).</summary>
    public static bool IsFragmentRequest(HttpContext http) =>
        http.Request.Headers.ContainsKey("HX-Request") && !http.Request.Headers.ContainsKey("HX-Boosted");

    /// <summary>Only local paths, so a crafted ?returnUrl cannot send someone elsewhere.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
