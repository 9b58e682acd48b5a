using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;

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
        services.AddDbContext<RapportDb>(o =>
        {
            if (db.Provider == DatabaseProvider.Sqlite) o.UseSqlite(db.ConnectionString);
            else o.UseNpgsql(db.ConnectionString);
        });
        services.AddSingleton<Migrator>();

        services.AddPlatform(config);
        return services;
    }
}
