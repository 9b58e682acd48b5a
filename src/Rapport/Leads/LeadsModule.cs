using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Customers.Timeline;
using Rapport.Leads.Features;
using Rapport.Search;
using Rapport.Records;

namespace Rapport.Leads;

public static class LeadsModule
{
    /// <summary>Leads, web-to-lead forms, scoring, assignment rules, conversion.</summary>
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddRecordType(new RecordType(LeadAccess.RecordType, "Lead", "target", "/leads/{id}",
            db => db.Leads.Select(l => l.Id),
            (db, owners) => db.Leads.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(l => l.OwnerId != null && !owners.Contains(l.OwnerId.Value)).Select(l => l.Id),
            CustomFieldsTable: "leads"));
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
        services.AddScoped<IErasureParticipant, LeadsErasureParticipant>();
        Imports.ImportsModule.AddImportTarget<LeadImportTarget>(services); // leads in the CSV import pipeline
        return services;
    }
}
