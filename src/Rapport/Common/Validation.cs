using FluentValidation;

namespace Rapport.Common;

public static class Validation
{
    /// <summary>Runs a validator and throws the domain's validation error with camelCase field paths.</summary>
    public static void EnsureValid<T>(this IValidator<T> validator, T request)
    {
        var result = validator.Validate(request);
        if (result.IsValid) return;
        throw new ValidationFailedException(result.Errors
            .GroupBy(e => CamelCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
    }

    public static string CamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
