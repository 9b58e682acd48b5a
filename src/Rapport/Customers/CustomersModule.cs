using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Features;

namespace Rapport.Customers;

public static class CustomersModule
{
    /// <summary>Contacts, accounts, relationships, custom fields, saved views, visibility, privacy.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddScoped<RecordAccess>();
        services.AddScoped<ContactWriter>();
        services.AddScoped<AccountWriter>();
        services.AddScoped<ManageCustomFields>();
        services.AddScoped<ListContacts>();
        services.AddScoped<GetContact>();
        services.AddScoped<CreateContact>();
        services.AddScoped<UpdateContact>();
        services.AddScoped<DeleteContact>();
        services.AddScoped<ListAccounts>();
        services.AddScoped<GetAccount>();
        services.AddScoped<CreateAccount>();
        services.AddScoped<UpdateAccount>();
        services.AddScoped<DeleteAccount>();
        services.AddScoped<LookupAccounts>();
        return services;
    }
}
