using Microsoft.Extensions.DependencyInjection;
using Rapport.Search.Features;

namespace Rapport.Search;

public static class SearchModule
{
    /// <summary>Global search across every registered <see cref="ISearchSource"/>.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddScoped<GlobalSearch>();
        return services;
    }

    /// <summary>Makes a module's records searchable (its SQL half is a view and triggers: <see cref="ISearchSource"/>).</summary>
    public static IServiceCollection AddSearchSource<TSource>(this IServiceCollection services) where TSource : class, ISearchSource
    {
        services.AddScoped<ISearchSource, TSource>();
        return services;
    }
}
