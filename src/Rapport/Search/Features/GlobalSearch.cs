using Rapport.Common;
using Rapport.Data;

namespace Rapport.Search.Features;

/// <summary>
/// <c>GET /api/v1/search?q=&amp;limit=</c>: records of every <see cref="ISearchSource"/> the caller may see,
/// best first. Candidates come from the trigram index in up to three passes, each stopped at a limit:
/// words that start with what was typed; then, when that pass was cut short, whole-word matches (so
/// "Jo" is not lost among a hundred thousand "John"s); then, when fewer than <c>limit</c> results were
/// found and none matched every typed word exactly, words one typo away from the typed ones, looked
/// up in the workspace's vocabulary first.
/// Every candidate is then checked and ranked by <see cref="SearchRanker"/>: exact, prefix, inside an
/// address or number, then typos by edit distance; ties by title.
/// </summary>
public sealed class GlobalSearch(RapportDb db, RequestContext ctx, IEnumerable<ISearchSource> sources)
{
    public const int MaxQueryLength = 100, DefaultLimit = 20, MaxLimit = 50;
    /// <summary>Corrections tried per misspelled word.</summary>
    public const int MaxCorrections = 12;

    public sealed record Item(string Type, Guid Id, string Title, string? Subtitle);
    public sealed record Result(IReadOnlyList<Item> Items);

    public async Task<Result> HandleAsync(string? q, int? limit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q)) errors["q"] = ["Type something to search for."];
        else if (q.Length > MaxQueryLength) errors["q"] = [$"At most {MaxQueryLength} characters."];
        else if (q.Contains('\0')) errors["q"] = ["Must not contain the NUL character (U+0000)."];
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"Between 1 and {MaxLimit}."];
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var take = limit ?? DefaultLimit;
        var query = SearchQuery.Parse(q!);
        var workspaceId = ctx.WorkspaceId;
        if (query is null || workspaceId == Guid.Empty) return new Result([]);

        var scopes = new List<SearchScope>();
        var order = new Dictionary<string, int>();
        foreach (var source in sources)
        {
            if (order.ContainsKey(source.Type)) continue;
            order[source.Type] = order.Count;
            scopes.Add(new SearchScope(source.Type, await source.VisibleOwnerIdsAsync(ct)));
        }

        var index = SearchIndex.For(db);
        var fetch = Math.Min(take * 5, 250);
        var found = new Dictionary<long, SearchCandidate>();
        async Task<int> AddAsync(IReadOnlyList<SearchClause> clauses, int max)
        {
            var list = await index.CandidatesAsync(workspaceId, clauses, scopes, max, ct);
            foreach (var c in list) found.TryAdd(c.Id, c);
            return list.Count;
        }

        List<(SearchCandidate Candidate, SearchScore Score)>? ranked = null;
        switch (query.Mode)
        {
            case SearchMode.Phone:
                await AddAsync([Clause(SearchField.Phones, SearchAnchor.Anywhere, query.Digits)], fetch);
                break;
            case SearchMode.Handle:
                await AddAsync([Clause(SearchField.Handles, SearchAnchor.Anywhere, query.Handle)], fetch);
                break;
            default:
                // One-letter words cannot use the index; they still have to match (the ranker checks them).
                var indexed = query.Tokens.Where(t => t.Length >= SearchQuery.MinTokenLength).ToList();
                var prefixCount = await AddAsync(indexed.Select(t => Clause(NameFields(t), SearchAnchor.WordStart, t)).ToList(), fetch);
                // Whole words in names only: an address or domain never equals a word typed without "@" or ".".
                if (prefixCount == fetch)
                    await AddAsync(indexed.Select(t => Clause(SearchField.Words, SearchAnchor.Word, t)).ToList(), take);
                // Typos: only when the result list has room, and nothing matched every word exactly (someone
                // who typed "Agustina Hagenes" and found her does not need "Agostina" suggested).
                ranked = Rank(query, found.Values, order);
                var before = found.Count;
                if (ranked.Count < take && (ranked.Count == 0 || ranked[0].Score.Worst != MatchKind.Exact))
                    await AddTypoCandidatesAsync(query, indexed, index, workspaceId, AddAsync, fetch, ct);
                if (found.Count != before) ranked = null;
                break;
        }

        var items = (ranked ?? Rank(query, found.Values, order)).Take(take)
            .Select(x => new Item(x.Candidate.Type, x.Candidate.RecordId, x.Candidate.Title, string.IsNullOrEmpty(x.Candidate.Subtitle) ? null : x.Candidate.Subtitle)).ToList();
        return new Result(items);
    }

    private static async Task AddTypoCandidatesAsync(SearchQuery query, List<string> indexed, SearchIndex index, Guid workspaceId,
        Func<IReadOnlyList<SearchClause>, int, Task<int>> add, int fetch, CancellationToken ct)
    {
        var clauses = new List<SearchClause>();
        var anyCorrection = false;
        foreach (var token in indexed)
        {
            var alternatives = new List<SearchPattern> { new(NameFields(token), SearchAnchor.WordStart, token) };
            if (token.Length >= SearchQuery.TypoMinLength)
            {
                var terms = await index.TermsAsync(workspaceId, token, ct);
                foreach (var term in SearchRanker.Corrections(token, terms, MaxCorrections))
                {
                    alternatives.Add(new SearchPattern(SearchField.Words, SearchAnchor.Word, term));
                    anyCorrection = true;
                }
            }
            clauses.Add(new SearchClause(alternatives));
        }
        if (anyCorrection) await add(clauses, fetch);
    }

    private static SearchClause Clause(SearchField fields, SearchAnchor anchor, string text) => new([new SearchPattern(fields, anchor, text)]);

    /// <summary>
    /// Where a typed word may start: a word of the name, or — from four letters on — an e-mail address
    /// or domain ("jsmith", "acme"). Two or three letters starting an address add noise, and on
    /// PostgreSQL half the cost of a broad prefix (a second trigram bitmap as large as the first).
    /// </summary>
    private static SearchField NameFields(string token) => token.Length >= 4 ? SearchField.Words | SearchField.Handles : SearchField.Words;

    private static List<(SearchCandidate Candidate, SearchScore Score)> Rank(SearchQuery query, IEnumerable<SearchCandidate> candidates, Dictionary<string, int> typeOrder) =>
        candidates
            .Select(c => (Candidate: c, Score: SearchRanker.Score(query, c.Words, c.Handles, c.Phones)))
            .Where(x => x.Score is not null)
            .Select(x => (x.Candidate, Score: x.Score!.Value))
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Candidate.Title, StringComparer.OrdinalIgnoreCase)
            .ThenBy(x => typeOrder.GetValueOrDefault(x.Candidate.Type))
            .ThenBy(x => x.Candidate.RecordId)
            .ToList();
}
