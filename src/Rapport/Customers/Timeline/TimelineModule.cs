using Microsoft.Extensions.DependencyInjection;
using Rapport.Records;

namespace Rapport.Customers.Timeline;

public static class TimelineModule
{
    /// <summary>
    /// The timeline and the sources the customer data owns. Other modules add theirs with one line in
    /// their own AddX(): <c>services.AddScoped&lt;ITimelineSource, DealTimelineSource&gt;();</c>
    /// </summary>
    public static IServiceCollection AddTimeline(this IServiceCollection services)
    {
        services.AddScoped<GetTimeline>();
        services.AddScoped<ITimelineSource, FieldChangeTimelineSource>();
        services.AddScoped<ITimelineSource, StageChangeTimelineSource>();
        return services;
    }
}
