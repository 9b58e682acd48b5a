using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Platform;

namespace Rapport.Activities;

/// <summary>
/// @mentions in a note's Markdown. Two spellings:
/// <list type="bullet">
/// <item><c>@[Ana Lopez](user:0190f0c2-…)</c> — what the UI's member picker inserts; the id decides, the
/// name is only what the text shows, so renaming a member breaks nothing.</item>
/// <item><c>@ana@example.com</c> — typed by hand or sent by an integration: "@" then the member's e-mail.</item>
/// </list>
/// Text inside Markdown code (<c>`…`</c> and fenced blocks) mentions nobody. A mention resolves only to an
/// active member of the workspace; anything else stays plain text and notifies no one.
/// </summary>
public static partial class Mentions
{
    [GeneratedRegex(@"@\[(?<name>[^\[\]\r\n]{1,200})\]\(user:(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)")]
    private static partial Regex ById();

    [GeneratedRegex(@"(?<![\w.+\-@\]])@(?<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})")]
    private static partial Regex ByEmail();

    [GeneratedRegex(@"```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\r\n]*`")]
    private static partial Regex Code();

    public sealed record Parsed(IReadOnlyList<Guid> UserIds, IReadOnlyList<string> Emails);

    public sealed record Member(Guid UserId, string Name);

    public static Parsed Parse(string markdown)
    {
        var text = Code().Replace(markdown, " ");
        var ids = ById().Matches(text).Select(m => Guid.Parse(m.Groups["id"].Value)).Distinct().ToList();
        var emails = ByEmail().Matches(text).Select(m => User.NormalizeEmail(m.Groups["email"].Value)).Distinct().ToList();
        return new Parsed(ids, emails);
    }

    /// <summary>The text as a person reads it: <c>@[Ana](user:…)</c> becomes <c>@Ana</c>.</summary>
    public static string ToPlainText(string markdown) => ById().Replace(markdown, m => "@" + m.Groups["name"].Value);

    /// <summary>The active members the text mentions (at most 50).</summary>
    public static async Task<IReadOnlyList<Member>> ResolveAsync(RapportDb db, string markdown, CancellationToken ct)
    {
        var parsed = Parse(markdown);
        if (parsed.UserIds.Count == 0 && parsed.Emails.Count == 0) return [];
        var ids = parsed.UserIds.Take(50).ToArray();
        var emails = parsed.Emails.Take(50).ToArray();
        return await db.Memberships.AsNoTracking()
            .Where(m => m.DeactivatedAt == null && (ids.Contains(m.UserId) || emails.Contains(m.User!.Email)))
            .OrderBy(m => m.UserId).Take(50)
            .Select(m => new Member(m.UserId, m.User!.Name)).ToListAsync(ct);
    }

    public static string ToJson(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids);

    public static List<Guid> FromJson(string json) => JsonSerializer.Deserialize<List<Guid>>(json) ?? [];
}
