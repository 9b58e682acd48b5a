using System.Globalization;
using System.Text;

namespace Rapport.Search;

public enum SearchMode
{
    /// <summary>Words: each must start a word of the name (or an e-mail address or domain); typos forgiven in long words.</summary>
    Names,
    /// <summary>Contains "@" or "." and no space: part of an e-mail address or a domain.</summary>
    Handle,
    /// <summary>Only digits and phone punctuation: the digits, anywhere in a number (best at its end).</summary>
    Phone,
}

/// <summary>What the user typed, understood: the mode and the normalized parts the index and the ranking use.</summary>
public sealed record SearchQuery(SearchMode Mode, IReadOnlyList<string> Tokens, string Handle, string Digits)
{
    public const int MaxTokens = 6;
    /// <summary>Words of this length or more forgive one typo.</summary>
    public const int TypoMinLength = 5;
    /// <summary>Shortest word searched: one letter matches too much to be useful (and a trigram needs 3 characters, " jo").</summary>
    public const int MinTokenLength = 2;
    public const int MinHandleLength = 3;
    public const int MinDigits = 3;

    private const string PhonePunctuation = " +-().·/";

    /// <summary>The query, or null when nothing in it is searchable (too short).</summary>
    public static SearchQuery? Parse(string q)
    {
        var text = q.Trim();
        // A national number's trunk prefix ("020 7123 4567" for +44 20 7123 4567) and an international
        // "00" are not in the E.164 digits: leading zeros are dropped, the rest matches the number's end.
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        if (text.All(c => char.IsAsciiDigit(c) || PhonePunctuation.Contains(c)))
            return digits.Length >= MinDigits ? new SearchQuery(SearchMode.Phone, [], "", digits) : null;
        if (!text.Any(char.IsWhiteSpace) && (text.Contains('@') || text.Contains('.')))
        {
            var handle = Fold(text);
            return handle.Length >= MinHandleLength ? new SearchQuery(SearchMode.Handle, [], handle, "") : null;
        }
        var tokens = Tokenize(text);
        return tokens.Count > 0 && tokens.Any(t => t.Length >= MinTokenLength) ? new SearchQuery(SearchMode.Names, tokens, "", "") : null;
    }

    /// <summary>
    /// The separators the triggers turn into spaces in document words (0004_search.sql); apostrophes
    /// are dropped ("O'Brien" → "obrien"). Anything else stays inside a word, as it does in documents.
    /// </summary>
    public const string Separators = "-.,()/&\"_";

    /// <summary>Lower case without accents, split the way the triggers split document words, edges trimmed of punctuation.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var folded = Fold(text.Replace("'", "").Replace("’", ""));
        var tokens = new List<string>();
        var separated = new string(folded.Select(c => char.IsWhiteSpace(c) || Separators.Contains(c) ? ' ' : c).ToArray());
        foreach (var raw in separated.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var t = raw.AsSpan();
            while (t.Length > 0 && !char.IsLetterOrDigit(t[0])) t = t[1..];
            while (t.Length > 0 && !char.IsLetterOrDigit(t[^1])) t = t[..^1];
            if (t.Length > 0 && !tokens.Contains(t.ToString())) tokens.Add(t.ToString());
        }
        return tokens.Take(MaxTokens).ToList();
    }

    /// <summary>Lower case, accents removed ("Müller" → "muller").</summary>
    public static string Fold(string s)
    {
        var lower = s.ToLowerInvariant();
        if (System.Text.Ascii.IsValid(lower)) return lower;
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
