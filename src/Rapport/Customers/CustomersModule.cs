using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Timeline;

namespace Rapport.Customers;

public static class CustomersModule
{
    /// <summary>Contacts, accounts, relationships, custom fields, saved views, visibility, privacy.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddScoped<RecordAccess>();
        services.AddTimeline();
        return services;
    }
}
