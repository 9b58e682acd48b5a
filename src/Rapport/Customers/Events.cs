using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Customers;

// The Customers module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("A contact was created (API, pages, CLI, lead conversion; not by an import, which publishes import.completed).")]
public sealed record ContactCreated(Guid ContactId) : IEvent
{ public static string EventName => "contact.created"; }

[Description("A contact was edited.")]
public sealed record ContactUpdated(Guid ContactId) : IEvent
{ public static string EventName => "contact.updated"; }

[Description("A contact was deleted (to the trash).")]
public sealed record ContactDeleted(Guid ContactId) : IEvent
{ public static string EventName => "contact.deleted"; }

[Description("A contact's personal data was erased (GDPR); other modules erase their traces of the person on it.")]
public sealed record ContactErased(Guid ContactId) : IEvent
{ public static string EventName => "contact.erased"; }

[Description("A bulk action (tag, untag, assign, delete) was applied to selected contacts.")]
public sealed record ContactsBulkUpdated(string Action, List<Guid> ContactIds) : IEvent
{ public static string EventName => "contacts.bulkUpdated"; }

[Description("An account was created.")]
public sealed record AccountCreated(Guid AccountId) : IEvent
{ public static string EventName => "account.created"; }

[Description("An account was edited.")]
public sealed record AccountUpdated(Guid AccountId) : IEvent
{ public static string EventName => "account.updated"; }

[Description("An account was deleted (to the trash).")]
public sealed record AccountDeleted(Guid AccountId) : IEvent
{ public static string EventName => "account.deleted"; }

[Description("A bulk action (tag, untag, assign, delete) was applied to selected accounts.")]
public sealed record AccountsBulkUpdated(string Action, List<Guid> AccountIds) : IEvent
{ public static string EventName => "accounts.bulkUpdated"; }
