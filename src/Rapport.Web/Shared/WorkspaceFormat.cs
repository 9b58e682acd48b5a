using System.Globalization;
using Humanizer;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Common;
using Rapport.Platform.Features;

namespace Rapport.Web.Shared;

/// <summary>
/// Dates as people of this workspace read them (PRODUCT.md UI conventions): relative ("3 days ago"),
/// and exact in the workspace's time zone and locale. One per request; the workspace is read once:
/// the first caller starts the read and every other caller awaits that same read. The read uses a
/// DbContext of its own (a child scope), because components of one page render concurrently and
/// each may be using the request's context at that moment (the layout, a page loading its lookups,
/// many RelativeTimes); EF allows one query at a time per context ("a second operation was started
/// on this context" — an intermittent 500 on PostgreSQL before).
/// </summary>
public sealed class WorkspaceFormat(RequestContext ctx, IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task<(TimeZoneInfo Zone, CultureInfo Culture)>? _read;
    private (TimeZoneInfo Zone, CultureInfo Culture)? _settings;

    private ValueTask<(TimeZoneInfo Zone, CultureInfo Culture)> SettingsAsync()
    {
        if (_settings is { } s) return new(s);
        Task<(TimeZoneInfo Zone, CultureInfo Culture)> read;
        // The first caller starts the read (up to its first await, under the lock); the others get its task.
        lock (_gate) read = _read ??= ReadAsync();
        return new(read);
    }

    private async Task<(TimeZoneInfo Zone, CultureInfo Culture)> ReadAsync()
    {
        var zone = TimeZoneInfo.Utc;
        var culture = CultureInfo.GetCultureInfo("en-US");
        if (ctx.HasWorkspace)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(ctx.WorkspaceId);
            var w = await scope.ServiceProvider.GetRequiredService<GetWorkspace>().HandleAsync(CancellationToken.None);
            if (TimeZoneInfo.TryFindSystemTimeZoneById(w.TimeZone, out var z)) zone = z;
            try { culture = CultureInfo.GetCultureInfo(w.Locale); } catch (CultureNotFoundException) { }
        }
        _settings = (zone, culture);
        return (zone, culture);
    }

    /// <summary>Reads the workspace's zone and locale once, so the synchronous formatters below can use them.</summary>
    public async ValueTask LoadAsync() => await SettingsAsync();

    public CultureInfo Culture => _settings?.Culture ?? CultureInfo.GetCultureInfo("en-US");
    public TimeZoneInfo Zone => _settings?.Zone ?? TimeZoneInfo.Utc;

    /// <summary>A date in the workspace's locale (short form), e.g. "11/23/2026" or "23/11/2026".</summary>
    public string Date(DateOnly d) => d.ToString("d", Culture);

    /// <summary>A UTC time as the workspace's local date and time, e.g. "11/23/2026 2:05 PM".</summary>
    public string LocalDateTime(DateTime utc) => ToLocal(utc).ToString("g", Culture);

    /// <summary>A number in the workspace's locale, with the decimals it has.</summary>
    public string Number(decimal n) => n.ToString(n == decimal.Truncate(n) ? "N0" : "#,0.##########", Culture);

    /// <summary>An amount with its ISO 4217 code, e.g. "1,250.00 EUR".</summary>
    public string Money(decimal n, string? currency) => $"{n.ToString("N2", Culture)} {currency}".TrimEnd();

    /// <summary>A UTC time as the value of an &lt;input type="datetime-local"&gt; in the workspace's zone.</summary>
    public string ToLocalInput(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The value of an &lt;input type="datetime-local"&gt;, read in the workspace's zone, as UTC; null when it is not one.</summary>
    public DateTime? FromLocalInput(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!System.DateTime.TryParseExact(value.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var unspecified = System.DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone);
    }

    private System.DateTime ToLocal(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public string Relative(DateTime utc) => Describe(utc, clock.GetUtcNow().UtcDateTime);

    /// <summary>"3 days ago", "in 2 hours", "now".</summary>
    public static string Describe(DateTime utc, DateTime now) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).Humanize(utcDate: true, dateToCompareAgainst: now, culture: CultureInfo.GetCultureInfo("en"));

    /// <summary>e.g. "Monday, 23 November 2026 14:05 (Europe/Paris)".</summary>
    public async ValueTask<string> ExactAsync(DateTime utc)
    {
        var (zone, culture) = await SettingsAsync();
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return $"{local.ToString("f", culture)} ({zone.Id})";
    }
}
