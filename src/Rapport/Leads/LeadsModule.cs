using Rapport.Common;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Timeline;
using Rapport.Leads.Features;
using Rapport.Search;

namespace Rapport.Leads;

public static class LeadsModule
{
    /// <summary>Leads, web-to-lead forms, scoring, assignment rules, conversion.</summary>
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddScoped<LeadAccess>();
        services.AddScoped<LeadWriter>();
        services.AddScoped<LeadScorer>();
        services.AddScoped<LeadAssigner>();
        services.AddScoped<CreateLead>();
        services.AddScoped<UpdateLead>();
        services.AddScoped<GetLead>();
        services.AddScoped<DeleteLead>();
        services.AddScoped<ListLeads>();
        services.AddScoped<RecordLeadEvent>();
        services.AddScoped<ExplainLeadScore>();
        services.AddScoped<GetLeadTimeline>();
        services.AddScoped<AssignLeads>();
        services.AddScoped<ManageScoringRules>();
        services.AddScoped<ManageAssignmentRules>();
        services.AddScoped<ManageForms>();
        services.AddScoped<SubmitForm>();
        services.AddScoped<ConvertLead>();
        services.AddSingleton<RescoreLeads>();
        services.AddScoped<ITimelineSource, LeadTimelineSource>();
        services.AddSearchSource<LeadSearchSource>();
        services.AddScoped<IMergeParticipant, LeadsMergeParticipant>();
        services.AddScoped<Customers.IErasureParticipant, LeadsErasureParticipant>();
        Imports.ImportsModule.AddImportTarget<LeadImportTarget>(services); // leads in the CSV import pipeline
        return services;
    }
}
