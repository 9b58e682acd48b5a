using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Platform;

// The Platform module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.
// mail.send (Mail/Mail.cs, MailPayload) is Platform's too: an outbox command, not a domain event.

[Description("A workspace was created by a sign-up, with its first owner.")]
public sealed record WorkspaceCreated(Guid WorkspaceId, Guid OwnerUserId) : IEvent
{ public static string EventName => "workspace.created"; }

[Description("A user joined the workspace: added by an admin, or by accepting an invitation.")]
public sealed record MemberAdded(Guid MembershipId, Guid UserId, string Role) : IEvent
{ public static string EventName => "member.added"; }

[Description("A team was created.")]
public sealed record TeamCreated(Guid TeamId, string Name) : IEvent
{ public static string EventName => "team.created"; }

[Description("A team was deleted.")]
public sealed record TeamDeleted(Guid TeamId) : IEvent
{ public static string EventName => "team.deleted"; }
