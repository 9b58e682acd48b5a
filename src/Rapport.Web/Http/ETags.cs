using Rapport.Common;

namespace Rapport.Web.Http;

/// <summary>ETags are the record's version: <c>"7"</c>. A PATCH may send it back in If-Match.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    public static void Set(HttpContext http, long version) => http.Response.Headers.ETag = For(version);

    /// <summary>Whether the client names a version it expects (If-Match other than "*").</summary>
    public static bool Sent(HttpRequest request) => request.Headers.IfMatch.ToString().Trim() is { Length: > 0 } v && v != "*";

    /// <summary>The version the client expects, or null when it sent none (or "*"): last write wins.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.StartsWith("W/")) value = value[2..];
        return long.TryParse(value.Trim('"'), out var v) ? v : throw new PreconditionFailedException("The If-Match header does not match the current version.");
    }
}
