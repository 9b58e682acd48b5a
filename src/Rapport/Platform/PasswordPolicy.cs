using Microsoft.AspNetCore.Identity;

namespace Rapport.Platform;

/// <summary>
/// PRODUCT.md: at least 10 characters, no composition rules, not one of the most common passwords.
/// Hashing is ASP.NET Core Identity's PasswordHasher (PBKDF2, versioned format, rehash on upgrade).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 200;

    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var s = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Rapport.Platform.common-passwords.txt")!;
        using var r = new StreamReader(s);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (r.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) set.Add(line.Trim());
        return set;
    });

    /// <summary>Returns why the password is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password)) return "A password is required.";
        if (password.Length < MinLength) return $"Use at least {MinLength} characters.";
        if (password.Length > MaxLength) return $"Use at most {MaxLength} characters.";
        if (Common.Value.Contains(password) || password.Distinct().Count() <= 2)
            return "This password is too common; choose another.";
        if (email is not null && string.Equals(password, email.Trim(), StringComparison.OrdinalIgnoreCase))
            return "The password must not be your e-mail address.";
        return null;
    }

    public static readonly PasswordHasher<User> Hasher = new();
}
