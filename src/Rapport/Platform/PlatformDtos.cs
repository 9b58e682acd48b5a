namespace Rapport.Platform;

public sealed record WorkspaceDto(Guid Id, string Name, string DefaultCountry, string TimeZone, string Locale,
    string BaseCurrency, int FiscalYearStartMonth, IReadOnlyDictionary<string, string> RecordVisibility, DateTime CreatedAt, long Version)
{
    public static WorkspaceDto From(Workspace w) =>
        new(w.Id, w.Name, w.DefaultCountry, w.TimeZone, w.Locale, w.BaseCurrency, w.FiscalYearStartMonth,
            Platform.RecordVisibility.Effective(w.RecordVisibility), w.CreatedAt, w.Version);
}

public sealed record ApiKeyDto(Guid Id, string Name, string Role, string KeyStart, Guid? CreatedByUserId,
    DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static ApiKeyDto From(ApiKey k) =>
        new(k.Id, k.Name, k.Role, k.KeyStart, k.CreatedByUserId, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}

/// <summary>A person in the workspace; <c>id</c> is their user id (the same in every workspace they belong to).</summary>
/// <summary>
/// A member of the workspace. <see cref="Status"/> is "active" or "deactivated"; "invited" when adding
/// someone whose login already exists made an invitation instead (then <see cref="Id"/> is the
/// invitation's and <see cref="Name"/> the one the admin typed: nothing of the login is revealed).
/// </summary>
public sealed record MemberDto(Guid Id, string Email, string Name, string Role, Guid? TeamId,
    bool Active, DateTime CreatedAt, DateTime? DeactivatedAt, string Status)
{
    public static MemberDto From(Membership m) =>
        new(m.UserId, m.User!.Email, m.User.Name, m.Role, m.TeamId, m.IsActive, m.CreatedAt, m.DeactivatedAt, m.IsActive ? "active" : "deactivated");
}

public sealed record TeamDto(Guid Id, string Name, DateTime CreatedAt, long Version)
{
    public static TeamDto From(Team t) => new(t.Id, t.Name, t.CreatedAt, t.Version);
}

/// <summary>A secret link (invitation, password reset) shown once to the admin who made it.</summary>
public sealed record OneTimeLinkDto(Guid Id, string Token, DateTime ExpiresAt);
