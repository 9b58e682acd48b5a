using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Timeline;
using Rapport.Sales.Features;
using Rapport.Search;
using Rapport.Records;

namespace Rapport.Sales;

public static class SalesModule
{
    /// <summary>Pipelines, products, deals, follow-up rules, currencies, forecast and metrics; the deals' timeline source.</summary>
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddRecordType(new RecordType(DealAccess.RecordType, "Deal", "handshake", "/deals/{id}",
            db => db.Deals.Select(d => d.Id),
            (db, owners) => db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(d => d.OwnerId != null && !owners.Contains(d.OwnerId.Value)).Select(d => d.Id)));
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
