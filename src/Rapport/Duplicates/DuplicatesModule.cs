using Microsoft.Extensions.DependencyInjection;
using Rapport.Duplicates.Features;

namespace Rapport.Duplicates;

public static class DuplicatesModule
{
    /// <summary>Detection on create, the workspace-wide scan and its review queue, merge and undo.</summary>
    public static IServiceCollection AddDuplicates(this IServiceCollection services)
    {
        services.AddScoped<ManageDuplicates>();
        services.AddScoped<MergeRecords>();
        services.AddSingleton<RunDuplicateScan>();
        return services;
    }

    /// <summary>The scan worker; the web host runs it, the CLI runs its scan inline.</summary>
    public static IServiceCollection AddDuplicatesJobs(this IServiceCollection services)
    {
        services.AddHostedService<DuplicateScanWorker>();
        return services;
    }
}
