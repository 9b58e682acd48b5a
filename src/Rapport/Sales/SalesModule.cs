using Rapport.Common;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Timeline;
using Rapport.Sales.Features;
using Rapport.Search;

namespace Rapport.Sales;

public static class SalesModule
{
    /// <summary>Pipelines, products, deals, follow-up rules, currencies, forecast and metrics; the deals' timeline source.</summary>
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddScoped<DealAccess>();
        services.AddScoped<Platform.Features.IRecordVisibility>(sp => sp.GetRequiredService<DealAccess>());
        services.AddScoped<DealWriter>();
        services.AddScoped<StageFollowUps>();
        services.AddScoped<ManagePipelines>();
        services.AddScoped<ManageProducts>();
        services.AddScoped<CreateDeal>();
        services.AddScoped<UpdateDeal>();
        services.AddScoped<MoveDeal>();
        services.AddScoped<ManageDeals>();
        services.AddScoped<ManageSalesSettings>();
        services.AddScoped<GetForecast>();
        services.AddScoped<GetSalesMetrics>();
        services.AddScoped<GetDealTimeline>();
        services.AddScoped<DealBoard>();
        services.AddScoped<ITimelineSource, Timeline.DealTimelineSource>();
        services.AddSearchSource<DealSearchSource>();
        services.AddScoped<IMergeParticipant, SalesMergeParticipant>();
        return services;
    }
}
