namespace Rapport.Search;

/// <summary>
/// Damerau-Levenshtein distance in its "optimal string alignment" form: insertions, deletions,
/// substitutions and transpositions of two adjacent characters each cost 1 ("jonhson" → "johnson" is 1).
/// Bounded: the answer is exact up to <c>max</c>, and <c>max + 1</c> means "more".
/// </summary>
public static class EditDistance
{
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var d = Table(a, b, out var cols);
        var result = d[a.Length * cols + b.Length];
        return Math.Min(result, max + 1);
    }

    /// <summary>
    /// The distance from <paramref name="query"/> to the closest prefix of <paramref name="word"/>:
    /// what a user typing "jonhs" is from "johnson" (1).
    /// </summary>
    public static int PrefixDistance(ReadOnlySpan<char> query, ReadOnlySpan<char> word, int max)
    {
        if (word.Length > query.Length + max) word = word[..(query.Length + max)];
        if (query.Length - word.Length > max) return max + 1;
        var d = Table(query, word, out var cols);
        var best = max + 1;
        for (var j = 0; j <= word.Length; j++) best = Math.Min(best, d[query.Length * cols + j]);
        return best;
    }

    private static int[] Table(ReadOnlySpan<char> a, ReadOnlySpan<char> b, out int cols)
    {
        cols = b.Length + 1;
        var d = new int[(a.Length + 1) * cols];
        for (var i = 0; i <= a.Length; i++) d[i * cols] = i;
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1), d[(i - 1) * cols + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[(i - 2) * cols + j - 2] + 1);
                d[i * cols + j] = v;
            }
        }
        return d;
    }
}
