using System.Globalization;
using Humanizer;
using Rapport.Common;
using Rapport.Platform.Features;

namespace Rapport.Web.Shared;

/// <summary>
/// Dates as people of this workspace read them (PRODUCT.md UI conventions): relative ("3 days ago"),
/// and exact in the workspace's time zone and locale. One per request; the workspace is read once.
/// </summary>
public sealed class WorkspaceFormat(RequestContext ctx, GetWorkspace getWorkspace, TimeProvider clock)
{
    private (TimeZoneInfo Zone, CultureInfo Culture)? _settings;

    private async ValueTask<(TimeZoneInfo Zone, CultureInfo Culture)> SettingsAsync()
    {
        if (_settings is { } s) return s;
        var zone = TimeZoneInfo.Utc;
        var culture = CultureInfo.GetCultureInfo("en-US");
        if (ctx.HasWorkspace)
        {
            var w = await getWorkspace.HandleAsync(CancellationToken.None);
            if (TimeZoneInfo.TryFindSystemTimeZoneById(w.TimeZone, out var z)) zone = z;
            try { culture = CultureInfo.GetCultureInfo(w.Locale); } catch (CultureNotFoundException) { }
        }
        _settings = (zone, culture);
        return _settings.Value;
    }

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
