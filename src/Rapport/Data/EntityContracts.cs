namespace Rapport.Data;

/// <summary>A row that belongs to one workspace: keyed (workspace_id, id), filtered to the current workspace.</summary>
public interface IWorkspaceOwned
{
    Guid WorkspaceId { get; }
}

/// <summary>Creates, field changes and deletes of this entity go to the audit log.</summary>
public interface IAudited
{
    Guid Id { get; }
}

/// <summary>Deleting moves the row to the trash (deleted_at set, a trash entry written); restorable for 30 days.</summary>
public interface ISoftDeletable
{
    Guid Id { get; }
    DateTime? DeletedAt { get; set; }
    /// <summary>What the Trash page shows for this record.</summary>
    string TrashTitle { get; }
}

/// <summary>Carries a version that becomes the ETag; a stale If-Match gets 412.</summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>Marks a property the audit log must never copy (password and token hashes).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
