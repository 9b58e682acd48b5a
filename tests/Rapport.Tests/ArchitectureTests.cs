using System.Text.RegularExpressions;
using Shouldly;

namespace Rapport.Tests;

/// <summary>
/// The borders of ARCHITECTURE.md: the core (src/Rapport) knows no HTTP and no HTML, and business
/// code reads time from the injected TimeProvider.
/// </summary>
public class ArchitectureTests
{
    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static IEnumerable<(string Path, string Text)> CoreSources() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src", "Rapport"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(p => (p, File.ReadAllText(p)));

    [Fact]
    public void The_core_uses_no_http_or_html()
    {
        var forbidden = new Regex(@"using Microsoft\.AspNetCore\.(Http|Mvc|Builder|Routing|Components|Authentication|Antiforgery)\b");
        var offenders = CoreSources().Where(f => forbidden.IsMatch(f.Text)).Select(f => Path.GetRelativePath(RepoRoot(), f.Path)).ToList();
        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void Business_code_reads_the_clock_from_TimeProvider()
    {
        var offenders = CoreSources().Where(f => f.Text.Contains("DateTime.UtcNow") || f.Text.Contains("DateTime.Now") || f.Text.Contains("DateTimeOffset.UtcNow"))
            .Select(f => Path.GetRelativePath(RepoRoot(), f.Path))
            // The migrator records when a script ran, before any service (and clock) exists.
            .Where(p => !p.EndsWith("Migrator.cs")).ToList();
        offenders.ShouldBeEmpty();
    }
}
