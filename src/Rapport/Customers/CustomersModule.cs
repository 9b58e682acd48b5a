using Rapport.Common;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Features;
using Rapport.Customers.Timeline;
using Rapport.Imports;
using Rapport.Search;

namespace Rapport.Customers;

public static class CustomersModule
{
    /// <summary>Contacts, accounts, relationships, custom fields, saved views, visibility, privacy.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddScoped<RecordAccess>();
        services.AddScoped<Platform.Features.IRecordVisibility>(sp => sp.GetRequiredService<RecordAccess>());
        services.AddScoped<ManageSavedViews>();
        services.AddScoped<BulkUpdateContacts>();
        services.AddScoped<BulkUpdateAccounts>();
        services.AddScoped<ExportContacts>();
        services.AddScoped<ExportAccounts>();
        services.AddScoped<ContactPrivacy>();
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
        services.AddScoped<DuplicateCheck>();
        services.AddScoped<IMergeParticipant, CustomersMergeParticipant>();
        services.AddTimeline();
        services.AddSearchSource<ContactSearchSource>().AddSearchSource<AccountSearchSource>();
        services.AddImportTarget<ContactImportTarget>().AddImportTarget<AccountImportTarget>(); // contacts and accounts in the CSV import pipeline
        return services;
    }
}
