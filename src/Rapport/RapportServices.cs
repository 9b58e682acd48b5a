using Rapport.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Activities;
using Rapport.Common;
using Rapport.Customers;
using Rapport.Data;
using Rapport.Leads;
using Rapport.Demo;
using Rapport.Imports;
using Rapport.Duplicates;
using Rapport.Platform;
using Rapport.Sales;
using Rapport.Search;

namespace Rapport;

public static class RapportServices
{
    /// <summary>The CRM without HTTP: the database for the configured provider, then each module. Web and CLI both call this.</summary>
    public static IServiceCollection AddRapport(this IServiceCollection services, IConfiguration config)
    {
        var db = DatabaseOptions.From(config);
        services.AddSingleton(db);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<RequestContext>();
        // Pooled: creating a context per request cost ~170 µs here (options, services). A scope leases
        // one from the pool and attaches its own RequestContext and clock; disposing returns it.
        services.AddPooledDbContextFactory<RapportDb>(o =>
        {
            if (db.Provider == DatabaseProvider.Sqlite) o.UseSqlite(db.ConnectionString);
            else o.UseNpgsql(db.ConnectionString);
            o.AddInterceptors(new RefuseNulParameters());
        });
        // The connection is opened once for the scope (a request, a job step): EF would otherwise open
        // and close it around every query, and an EF open on SQLite costs ~40 µs (it registers its
        // SQL functions each time). Returning the context to the pool closes it.
        services.AddScoped(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<RapportDb>>().CreateDbContext()
                .Attach(sp.GetRequiredService<RequestContext>(), sp.GetRequiredService<TimeProvider>());
            context.Database.OpenConnection();
            return context;
        });
        services.AddSingleton<Migrator>();

        services.AddPlatform(config);
        services.AddRecords();
        services.AddCustomers();
        services.AddActivities();
        services.AddLeads();
        services.AddSales();
        services.AddSearch();
        services.AddDemo();
        services.AddImports();
        services.AddDuplicates();
        return services;
    }
}
