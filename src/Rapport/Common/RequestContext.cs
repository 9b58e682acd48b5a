namespace Rapport.Common;

/// <summary>
/// Who is acting and in which workspace: set once per request (by authentication), per job
/// (by the job itself) or per CLI command. The database's query filter reads WorkspaceId, so an
/// unset context sees nothing.
/// </summary>
public sealed class RequestContext
{
    public Guid WorkspaceId { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? ApiKeyId { get; private set; }
    public string Role { get; private set; } = "";
    public bool HasWorkspace => WorkspaceId != Guid.Empty;

    public void Set(Guid workspaceId, string role, Guid? userId = null, Guid? apiKeyId = null)
    {
        WorkspaceId = workspaceId;
        Role = role;
        UserId = userId;
        ApiKeyId = apiKeyId;
    }

    /// <summary>For system work (jobs, CLI) acting on one workspace with full rights.</summary>
    public void SetSystem(Guid workspaceId) => Set(workspaceId, Roles.Owner);

    public void Clear() => Set(Guid.Empty, "");

    public void EnsureCanWrite()
    {
        if (!Roles.CanWrite(Role)) throw new ForbiddenException("Your role may not change data.");
    }

    public void EnsureAdmin()
    {
        if (!Roles.IsAdmin(Role)) throw new ForbiddenException("Only owners and admins may do this.");
    }
}
