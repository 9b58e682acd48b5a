using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rapport.Common;

/// <summary>
/// JSON merge patch (RFC 7396) onto a use case's request record: the record made from the current
/// state is serialized, the patch's fields replace its fields (null clears, arrays are replaced
/// whole), and the result is read back, so a PATCH is validated by the same validator as a POST.
/// Unknown and read-only fields and values of the wrong type are 400s naming the field.
/// </summary>
public static class MergePatch
{
    public static T Apply<T>(T current, JsonObject patch, IReadOnlySet<string> readOnly) where T : class
    {
        var node = JsonSerializer.SerializeToNode(current, JsonDefaults.Options)!.AsObject();
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, value) in patch)
        {
            if (readOnly.Contains(field)) errors[field] = ["This field cannot be changed."];
            else if (!node.ContainsKey(field)) errors[field] = ["Unknown field."];
            else node[field] = value?.DeepClone();
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        try
        {
            return node.Deserialize<T>(JsonDefaults.Options) ?? throw new ValidationFailedException("body", "Must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException(Field(e.Path), e.Message.Split(" Path: ")[0]);
        }
    }

    /// <summary>"$.participants[0].email" → "participants[0].email".</summary>
    public static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');
}

/// <summary>Times from clients: UTC, at whole microseconds (what PostgreSQL keeps), so both engines return what was sent.</summary>
public static class Times
{
    /// <summary>A time without an offset is taken as UTC (the API speaks UTC); one with an offset is converted.</summary>
    public static DateTime Utc(DateTime t)
    {
        var utc = t.Kind switch
        {
            DateTimeKind.Utc => t,
            DateTimeKind.Local => t.ToUniversalTime(),
            _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }

    public static DateTime? Utc(DateTime? t) => t is { } v ? Utc(v) : null;

    /// <summary>The workspace's time zone, or UTC when the stored id is unknown to this machine.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) ? tz : TimeZoneInfo.Utc;

    /// <summary>The UTC instant at which the local day containing <paramref name="utcNow"/> ends (next local midnight).</summary>
    public static DateTime EndOfLocalDay(DateTime utcNow, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        var midnight = DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified);
        // Where a DST change skips midnight, the day ends at the first valid local time after it.
        while (zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }
}
