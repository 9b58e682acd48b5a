namespace Rapport.Common;

/// <summary>The roles of PRODUCT.md, in the API's camelCase spelling.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Sales = "sales";
    public const string Marketing = "marketing";
    public const string Support = "support";
    public const string ReadOnly = "readonly";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Manager, Sales, Marketing, Support, ReadOnly];

    /// <summary>How a role reads in a sentence or a list ("Read-only", "Sales").</summary>
    public static string Label(string role) => role == ReadOnly ? "Read-only" : role.Length == 0 ? role : char.ToUpperInvariant(role[0]) + role[1..];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);
    public static bool CanWrite(string? role) => IsValid(role) && role != ReadOnly;
    public static bool IsAdmin(string? role) => role is Owner or Admin;
}
