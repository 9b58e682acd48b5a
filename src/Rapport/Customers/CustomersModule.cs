using Microsoft.Extensions.DependencyInjection;

namespace Rapport.Customers;

public static class CustomersModule
{
    /// <summary>Contacts, accounts, relationships, custom fields, saved views, visibility, privacy.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddScoped<RecordAccess>();
        return services;
    }
}
