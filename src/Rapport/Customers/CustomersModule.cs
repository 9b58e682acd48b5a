using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Features;
using Rapport.Customers.Timeline;
using Rapport.Imports;
using Rapport.Search;
using Rapport.Records;

namespace Rapport.Customers;

public static class CustomersModule
{
    /// <summary>Contacts, accounts, relationships, custom fields, saved views, visibility, privacy.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddRecordType(new RecordType(CustomFieldEntities.Contact, "Contact", "user", "/contacts/{id}",
            db => db.Contacts.Select(c => c.Id),
            (db, owners) => db.Contacts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(c => c.OwnerId != null && !owners.Contains(c.OwnerId.Value)).Select(c => c.Id),
            CustomFieldsTable: "contacts"));
        services.AddRecordType(new RecordType(CustomFieldEntities.Account, "Account", "building", "/accounts/{id}",
            db => db.Accounts.Select(a => a.Id),
            (db, owners) => db.Accounts.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(a => a.OwnerId != null && !owners.Contains(a.OwnerId.Value)).Select(a => a.Id),
            CustomFieldsTable: "accounts"));
        services.AddScoped<CustomerAccess>();
        services.AddScoped<Platform.Features.IRecordVisibility>(sp => sp.GetRequiredService<CustomerAccess>());
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
