using System.ComponentModel;
using Rapport.Platform.Outbox;

namespace Rapport.Sales;

// The Sales module's domain events (docs/events.md). Wire names and fields are a public contract: add, never rename.

[Description("A deal was created (API, pages, CLI, lead conversion).")]
public sealed record DealCreated(Guid DealId, Guid PipelineId, Guid StageId, decimal? Amount, string Currency, Guid? OwnerId) : IEvent
{ public static string EventName => "deal.created"; }

[Description("A deal was edited without entering another stage.")]
public sealed record DealUpdated(Guid DealId) : IEvent
{ public static string EventName => "deal.updated"; }

[Description("A deal moved to another stage: by an edit, or because its stage was deleted and its deals moved.")]
public sealed record DealStageChanged(Guid DealId, Guid FromStageId, Guid ToStageId) : IEvent
{ public static string EventName => "deal.stageChanged"; }

[Description("A deal entered a won stage by an edit (after its deal.stageChanged).")]
public sealed record DealWon(Guid DealId, decimal? Amount, string Currency) : IEvent
{ public static string EventName => "deal.won"; }

[Description("A deal entered a lost stage by an edit (after its deal.stageChanged).")]
public sealed record DealLost(Guid DealId, string? LostReason) : IEvent
{ public static string EventName => "deal.lost"; }

[Description("A deal was deleted (to the trash).")]
public sealed record DealDeleted(Guid DealId) : IEvent
{ public static string EventName => "deal.deleted"; }

[Description("A pipeline was created.")]
public sealed record PipelineCreated(Guid PipelineId) : IEvent
{ public static string EventName => "pipeline.created"; }

[Description("A pipeline was deleted.")]
public sealed record PipelineDeleted(Guid PipelineId) : IEvent
{ public static string EventName => "pipeline.deleted"; }

[Description("A product was added to the catalog.")]
public sealed record ProductCreated(Guid ProductId) : IEvent
{ public static string EventName => "product.created"; }

[Description("A product was deleted.")]
public sealed record ProductDeleted(Guid ProductId) : IEvent
{ public static string EventName => "product.deleted"; }
