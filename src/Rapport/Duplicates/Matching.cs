using System.Globalization;
using System.Text;

namespace Rapport.Duplicates;

/// <summary>
/// String tools of the duplicate scan: folding, Jaro-Winkler, Soundex. Hand-written rather than
/// FuzzySharp because the scan calls them tens of millions of times and these allocate nothing
/// (FuzzySharp's ratios build strings and Levenshtein matrices per call).
/// </summary>
public static class Matching
{
    /// <summary>Lower-case letters and digits only, accents folded ("Zoë O'Neil" → "zoeoneil").</summary>
    public static string Fold(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return "";
        var sb = new StringBuilder(s.Length);
        var ascii = true;
        foreach (var ch in s) if (ch > 127) { ascii = false; break; }
        var src = ascii ? s : s.Normalize(NormalizationForm.FormD);
        foreach (var ch in src)
        {
            if (ch < 128) { if (char.IsAsciiLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch)); }
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.OtherLetter)
                sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    /// <summary>The folded words sorted and joined, so "9 oyster farm, basedow street" equals "9 basedow street oyster farm".</summary>
    public static string SortedTokens(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return "";
        var words = s.Split([' ', ',', '\n', '\r', '\t', '-', '/'], StringSplitOptions.RemoveEmptyEntries).Select(Fold).Where(w => w.Length > 0).ToArray();
        Array.Sort(words, StringComparer.Ordinal);
        return string.Concat(words);
    }

    /// <summary>Digits only.</summary>
    public static string Digits(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s) if (char.IsAsciiDigit(ch)) sb.Append(ch);
        return sb.ToString();
    }

    /// <summary>Jaro-Winkler similarity 0–1 (prefix scale 0.1, up to four characters). Empty strings score 0.</summary>
    public static double JaroWinkler(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a == b) return 1;
        if (a.Length > b.Length) (a, b) = (b, a);
        int la = a.Length, lb = b.Length;
        var window = Math.Max(0, lb / 2 - 1);
        Span<bool> ma = la <= 256 ? stackalloc bool[la] : new bool[la];
        Span<bool> mb = lb <= 256 ? stackalloc bool[lb] : new bool[lb];
        var matches = 0;
        for (var i = 0; i < la; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(lb, i + window + 1);
            for (var j = from; j < to; j++)
            {
                if (mb[j] || a[i] != b[j]) continue;
                ma[i] = mb[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0) return 0;
        var transpositions = 0;
        for (int i = 0, k = 0; i < la; i++)
        {
            if (!ma[i]) continue;
            while (!mb[k]) k++;
            if (a[i] != b[k]) transpositions++;
            k++;
        }
        double m = matches;
        var jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
        var prefix = 0;
        for (var i = 0; i < Math.Min(4, la) && a[i] == b[i]; i++) prefix++;
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    /// <summary>American Soundex of a folded word ("robert" → "r163"); "" for "".</summary>
    public static string Soundex(string folded)
    {
        if (folded.Length == 0) return "";
        Span<char> code = stackalloc char[4];
        code[0] = folded[0];
        var n = 1;
        var last = SoundexDigit(folded[0]);
        for (var i = 1; i < folded.Length && n < 4; i++)
        {
            var ch = folded[i];
            var d = SoundexDigit(ch);
            if (d != '0' && d != last) code[n++] = d;
            if (ch is not ('h' or 'w')) last = d;
        }
        for (; n < 4; n++) code[n] = '0';
        return new string(code);
    }

    private static char SoundexDigit(char c) => c switch
    {
        'b' or 'f' or 'p' or 'v' => '1',
        'c' or 'g' or 'j' or 'k' or 'q' or 's' or 'x' or 'z' => '2',
        'd' or 't' => '3',
        'l' => '4',
        'm' or 'n' => '5',
        'r' => '6',
        _ => '0',
    };

    /// <summary>A stable 64-bit hash (FNV-1a) of a blocking key, tagged by its kind so keys of different kinds never meet.</summary>
    public static long KeyHash(int kind, string a, string b = "")
    {
        var h = 14695981039346656037UL ^ (ulong)kind;
        h *= 1099511628211UL;
        foreach (var ch in a) { h ^= ch; h *= 1099511628211UL; }
        h ^= 0x1F; h *= 1099511628211UL;
        foreach (var ch in b) { h ^= ch; h *= 1099511628211UL; }
        return (long)(h == 0 ? 1 : h);
    }

    /// <summary>Year-month-day as yyyymmdd digits differing in at most one place, or day and month swapped.</summary>
    public static bool NearDate(int a, int b)
    {
        if (a == 0 || b == 0) return false;
        if (a == b) return true;
        var diff = 0;
        for (int x = a, y = b; x > 0 || y > 0; x /= 10, y /= 10) if (x % 10 != y % 10) diff++;
        if (diff <= 1) return true;
        return a / 10000 == b / 10000 && a / 100 % 100 == b % 100 && a % 100 == b / 100 % 100;
    }

    public static string Prefix(string s, int n) => s.Length <= n ? s : s[..n];
}
