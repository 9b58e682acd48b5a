using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Web.Shared;

public static class PageResults
{
    /// <summary>Renders a page component (its @layout applies) with parameters and a status code.</summary>
    public static RazorComponentResult<T> Render<T>(object? parameters = null, int status = 200) where T : IComponent =>
        new(parameters ?? new { }) { StatusCode = status };

    /// <summary>A form re-rendered with its errors: 422, which the htmx config swaps in.</summary>
    public const int FormErrors = 422;

    /// <summary>Only local paths, so a crafted ?returnUrl cannot send someone elsewhere.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
