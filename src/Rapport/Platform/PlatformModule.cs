using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Platform.Features;
using Rapport.Platform.Mail;
using Rapport.Platform.Outbox;
using Rapport.Platform.Trash;

namespace Rapport.Platform;

public static class PlatformModule
{
    /// <summary>Workspaces, people, sign-in, API keys, audit, trash and outbox.</summary>
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<SignUp>();
        services.AddScoped<SignIn>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<ListMyWorkspaces>();
        services.AddScoped<CreateApiKey>();
        services.AddScoped<ListApiKeys>();
        services.AddScoped<RevokeApiKey>();
        services.AddScoped<AuthenticateApiKey>();
        services.AddScoped<GetWorkspace>();
        services.AddScoped<ListAllWorkspaces>();
        services.AddScoped<UpdateWorkspace>();
        services.AddScoped<ListMembers>();
        services.AddScoped<GetMember>();
        services.AddScoped<AddUser>();
        services.AddScoped<UpdateMember>();
        services.AddScoped<InviteUser>();
        services.AddScoped<AcceptInvitation>();
        services.AddScoped<ResetPassword>();
        services.AddScoped<ForgotPassword>();
        services.AddScoped<MyInvitations>();
        services.AddSingleton(MailOptions.Read(config));
        services.AddScoped<IOutboxHandler<MailPayload>, MailSender>();
        services.AddScoped<ManageTeams>();
        services.AddScoped<ListAudit>();
        services.AddScoped<TrashBin>();

        services.AddSingleton<OutboxDispatcher>();
        return services;
    }

    /// <summary>The background jobs; the web host runs them, the CLI does not.</summary>
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services)
    {
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<TrashPurgeWorker>();
        return services;
    }
}
