using Rapport.Common;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Activities.Features;
using Rapport.Activities.Timeline;
using Rapport.Customers.Timeline;
using Rapport.Records;

namespace Rapport.Activities;

public static class ActivitiesModule
{
    /// <summary>Interactions, notes (with @mentions), tasks, notifications, and their timeline sources.</summary>
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddScoped<ActivityTargets>();
        services.AddScoped<ActivityAccess>();
        services.AddScoped<ManageInteractions>();
        services.AddScoped<ManageNotes>();
        services.AddScoped<ManageTasks>();
        services.AddScoped<ListMyTasks>();
        services.AddScoped<ManageNotifications>();
        services.AddSingleton<SendTaskReminders>();

        services.AddScoped<ITimelineSource, InteractionTimelineSource>();
        services.AddScoped<ITimelineSource, NoteTimelineSource>();
        services.AddScoped<ITimelineSource, TaskTimelineSource>();
        services.AddScoped<IMergeParticipant, ActivitiesMergeParticipant>();
        services.AddScoped<IErasureParticipant, ActivitiesErasureParticipant>();
        services.AddScoped<IConversionParticipant, ActivitiesConversionParticipant>();
        services.AddScoped<Rapport.Platform.Trash.IPurgeParticipant, ActivitiesPurgeParticipant>();
        return services;
    }

    /// <summary>The background jobs; the web host runs them, the CLI does not.</summary>
    public static IServiceCollection AddActivitiesJobs(this IServiceCollection services)
    {
        services.AddHostedService<TaskReminderWorker>();
        return services;
    }
}
