using Rapport.Search.Features;

namespace Rapport.Web.Search;

/// <summary>/api/v1/search: global search across contacts, accounts and every module's <c>ISearchSource</c>.</summary>
public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/search", async (string? q, int? limit, GlobalSearch search, CancellationToken ct) =>
            TypedResults.Ok(await search.HandleAsync(q, limit, ct)))
            .WithTags("Search")
            .WithSummary("Search contacts, accounts and more: prefix, one typo in long words, e-mail, phone in any format, domain.");
        return api;
    }
}
