using Rapport.Common;
using Rapport.Search.Features;
using Rapport.Web.Search.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Search;

/// <summary>The search page's and the palette's model: the query and its result (null before anything is typed).</summary>
public sealed record SearchModel(string Query, GlobalSearch.Result? Result);

/// <summary>Global search: a results page (works without JavaScript) and the fragment the top bar's palette (Ctrl+K) loads as you type.</summary>
public static class SearchPages
{
    public static void MapSearchPages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/search", async (string? q, GlobalSearch search, CancellationToken ct) =>
            PageResults.Render<SearchPage, SearchModel>(new(q ?? "", await RunAsync(search, q, 50, ct))));

        ui.MapGet("/ui/search", async (string? q, GlobalSearch search, CancellationToken ct) =>
            PageResults.Render<SearchResults, SearchModel>(new(q ?? "", await RunAsync(search, q, 10, ct))));
    }

    private static async Task<GlobalSearch.Result?> RunAsync(GlobalSearch search, string? q, int limit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q)) return null;
        try { return await search.HandleAsync(q, limit, ct); }
        catch (ValidationFailedException) { return new GlobalSearch.Result([]); }
    }

    public static string LinkOf(GlobalSearch.Item item) => item.Type switch
    {
        "contact" => $"/contacts/{item.Id}",
        "account" => $"/accounts/{item.Id}",
        _ => $"/{item.Type}s/{item.Id}",
    };
}
