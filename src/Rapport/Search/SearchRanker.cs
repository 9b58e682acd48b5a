namespace Rapport.Search;

/// <summary>How a query word met a document, best first.</summary>
public enum MatchKind
{
    /// <summary>The whole word, address, domain or number.</summary>
    Exact = 0,
    /// <summary>The start of a word or address; the end of a phone number; the domain of an address.</summary>
    Prefix = 1,
    /// <summary>Inside an address or a number.</summary>
    Contains = 2,
    /// <summary>A whole word one typo away.</summary>
    Fuzzy = 3,
    /// <summary>The start of a word, one typo away (typing "jonhs" for Johnson).</summary>
    FuzzyPrefix = 4,
}

/// <summary>A document's rank: by its worst-matched word, then total edit distance, then how well the other words matched.</summary>
public readonly record struct SearchScore(MatchKind Worst, int Distance, int KindSum) : IComparable<SearchScore>
{
    public int CompareTo(SearchScore other)
    {
        var c = Worst.CompareTo(other.Worst);
        if (c != 0) return c;
        c = Distance.CompareTo(other.Distance);
        return c != 0 ? c : KindSum.CompareTo(other.KindSum);
    }
}

/// <summary>Decides whether a candidate really matches the query and how well (the index only finds candidates).</summary>
public static class SearchRanker
{
    public const int MaxTypos = 1;

    public static SearchScore? Score(SearchQuery q, string words, string handles, string phones) => q.Mode switch
    {
        SearchMode.Phone => ScoreOne(Split(phones), q.Digits, endMatters: true),
        SearchMode.Handle => ScoreOne(Split(handles), q.Handle, endMatters: false),
        _ => ScoreNames(q, Split(SearchQuery.Fold(words)), Split(handles)),
    };

    private static string[] Split(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static SearchScore? ScoreOne(string[] values, string needle, bool endMatters)
    {
        MatchKind? best = null;
        foreach (var v in values)
        {
            MatchKind? k = v == needle ? MatchKind.Exact
                : endMatters ? (v.EndsWith(needle, StringComparison.Ordinal) ? MatchKind.Prefix : v.Contains(needle, StringComparison.Ordinal) ? MatchKind.Contains : null)
                : v.StartsWith(needle, StringComparison.Ordinal) || v.EndsWith("@" + needle, StringComparison.Ordinal) ? MatchKind.Prefix
                : v.Contains(needle, StringComparison.Ordinal) ? MatchKind.Contains : null;
            if (k is { } kind && (best is null || kind < best)) best = kind;
        }
        return best is { } b ? new SearchScore(b, 0, (int)b) : null;
    }

    private static SearchScore? ScoreNames(SearchQuery q, string[] words, string[] handles)
    {
        var worst = MatchKind.Exact;
        int distance = 0, sum = 0;
        foreach (var token in q.Tokens)
        {
            var (kind, d) = BestMatch(token, words, handles) ?? (default, -1);
            if (d < 0) return null;
            if (kind > worst) worst = kind;
            distance += d;
            sum += (int)kind;
        }
        return new SearchScore(worst, distance, sum);
    }

    /// <summary>The best way one query word matches one of the document's words (or handles), or null.</summary>
    public static (MatchKind Kind, int Distance)? BestMatch(string token, IEnumerable<string> words, IEnumerable<string> handles)
    {
        (MatchKind Kind, int Distance)? best = null;
        void Offer(MatchKind k, int d)
        {
            if (best is null || k < best.Value.Kind || (k == best.Value.Kind && d < best.Value.Distance)) best = (k, d);
        }
        foreach (var w in words)
        {
            if (w == token) return (MatchKind.Exact, 0);
            if (w.StartsWith(token, StringComparison.Ordinal)) { Offer(MatchKind.Prefix, 0); continue; }
            if (token.Length < SearchQuery.TypoMinLength || best is { Kind: <= MatchKind.Fuzzy }) continue;
            var d = EditDistance.Distance(token, w, MaxTypos);
            if (d <= MaxTypos) { Offer(MatchKind.Fuzzy, d); continue; }
            var p = EditDistance.PrefixDistance(token, w, MaxTypos);
            if (p <= MaxTypos) Offer(MatchKind.FuzzyPrefix, p);
        }
        foreach (var h in handles)
        {
            if (h == token) return (MatchKind.Exact, 0);
            if (h.StartsWith(token, StringComparison.Ordinal)) Offer(MatchKind.Prefix, 0);
        }
        return best;
    }

    /// <summary>
    /// From vocabulary terms, those one typo from the query word (whole word or, for a longer term, its
    /// start), best first, at most <paramref name="max"/>. Terms the word already starts are left out:
    /// the prefix search finds them.
    /// </summary>
    public static IReadOnlyList<string> Corrections(string token, IEnumerable<string> terms, int max)
    {
        var found = new List<(string Term, MatchKind Kind, int Distance)>();
        foreach (var term in terms)
        {
            var folded = SearchQuery.Fold(term);
            if (folded.StartsWith(token, StringComparison.Ordinal)) continue;
            var d = EditDistance.Distance(token, folded, MaxTypos);
            if (d <= MaxTypos) { found.Add((term, MatchKind.Fuzzy, d)); continue; }
            if (folded.Length > token.Length && EditDistance.PrefixDistance(token, folded, MaxTypos) is var p && p <= MaxTypos)
                found.Add((term, MatchKind.FuzzyPrefix, p));
        }
        return found.OrderBy(f => f.Kind).ThenBy(f => f.Distance).ThenBy(f => Math.Abs(f.Term.Length - token.Length)).ThenBy(f => f.Term, StringComparer.Ordinal)
            .Select(f => f.Term).Distinct().Take(max).ToList();
    }
}
