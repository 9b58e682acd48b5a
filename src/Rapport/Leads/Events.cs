using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Leads;

// The Leads module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("A lead was created.")]
public sealed record LeadCreated(Guid LeadId) : IEvent
{ public static string EventName => "lead.created"; }

[Description("A lead was edited.")]
public sealed record LeadUpdated(Guid LeadId) : IEvent
{ public static string EventName => "lead.updated"; }

[Description("A lead was deleted (to the trash).")]
public sealed record LeadDeleted(Guid LeadId) : IEvent
{ public static string EventName => "lead.deleted"; }

[Description("The assign action ran the assignment rules on a lead and they gave it an owner.")]
public sealed record LeadAssigned(Guid LeadId, Guid? OwnerId) : IEvent
{ public static string EventName => "lead.assigned"; }

[Description("A lead was converted into a contact, and possibly an account and a deal.")]
public sealed record LeadConverted(Guid LeadId, Guid ContactId, Guid? AccountId, Guid? DealId) : IEvent
{ public static string EventName => "lead.converted"; }

[Description("A web form was submitted (and logged on a lead or a contact).")]
public sealed record FormSubmitted(Guid FormId, Guid SubmissionId, Guid? LeadId, Guid? ContactId) : IEvent
{ public static string EventName => "form.submitted"; }
