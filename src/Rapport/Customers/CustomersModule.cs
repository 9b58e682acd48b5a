using Microsoft.Extensions.DependencyInjection;
using Rapport.Search;

namespace Rapport.Customers;

public static class CustomersModule
{
    /// <summary>Contacts, accounts, relationships, custom fields, saved views, visibility, privacy.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddScoped<RecordAccess>();
        services.AddSearchSource<ContactSearchSource>().AddSearchSource<AccountSearchSource>();
        return services;
    }
}
