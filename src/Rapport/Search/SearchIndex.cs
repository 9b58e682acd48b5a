using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Rapport.Data;

namespace Rapport.Search;

/// <summary>Which document columns a pattern looks in.</summary>
[Flags]
public enum SearchField { Words = 1, Handles = 2, Phones = 4 }

/// <summary>Where in a column's space-separated values a pattern must sit.</summary>
public enum SearchAnchor
{
    /// <summary>At the start of a word: " jo".</summary>
    WordStart,
    /// <summary>A whole word: " jo ".</summary>
    Word,
    /// <summary>Anywhere: "acme.com".</summary>
    Anywhere,
}

public sealed record SearchPattern(SearchField Fields, SearchAnchor Anchor, string Text)
{
    /// <summary>The text as it appears in a document column (documents keep a space on each side of each value).</summary>
    public string Needle => Anchor switch
    {
        SearchAnchor.WordStart => " " + Text,
        SearchAnchor.Word => " " + Text + " ",
        _ => Text,
    };

    /// <summary>A trigram index can look it up (3 characters at least).</summary>
    public bool Indexable => Needle.Length >= 3;
}

/// <summary>One condition: any of its alternatives. A query is all of its clauses.</summary>
public sealed record SearchClause(IReadOnlyList<SearchPattern> Alternatives);

/// <summary>Who may see what: documents of this type, of these owners (plus unowned ones), or all when null.</summary>
public sealed record SearchScope(string Type, Guid[]? OwnerIds);

public sealed record SearchCandidate(long Id, string Type, Guid RecordId, string Title, string? Subtitle, string Words, string Handles, string Phones);

/// <summary>
/// The SQL of search, per provider: candidates from the trigram index (SQLite FTS5, PostgreSQL pg_trgm
/// GIN indexes), in the workspace and in sight, with no ORDER BY so the engine stops at the limit; and
/// vocabulary terms for typo correction. Ranking happens in <see cref="SearchRanker"/>.
/// </summary>
public abstract class SearchIndex(RapportDb db)
{
    protected RapportDb Db { get; } = db;

    /// <summary>
    /// Observability: "CommandExecuting" with the <see cref="DbCommand"/> before each search statement
    /// runs (the way EF Core reports its own commands). Costs nothing unless someone listens; the scale
    /// benchmark listens to replay the exact SQL through plain ADO.NET.
    /// </summary>
    public static readonly DiagnosticListener Diagnostics = new(ListenerName);
    public const string ListenerName = "Rapport.Search";
    public const string CommandExecutingEvent = "CommandExecuting";

    public static SearchIndex For(RapportDb db) => db.IsSqlite ? new SqliteSearchIndex(db) : new PostgresSearchIndex(db);

    /// <summary>
    /// SQLite's FTS5 index runs with secure-delete (0004: an erased person's trigrams leave the file at
    /// once), which makes each removed document cost a rewrite of its pages. A bulk removal that is not
    /// an erasure (undoing an import: the records go to the trash and stay in the database) turns it off
    /// inside its own transaction and back on before committing; the stale entries go with the next merges.
    /// No-op on PostgreSQL.
    /// </summary>
    public static async Task SetSecureDeleteAsync(RapportDb db, bool on, CancellationToken ct)
    {
        if (!db.IsSqlite) return;
        await db.Database.ExecuteSqlRawAsync(on
            ? "INSERT INTO \"search_fts\" (\"search_fts\", \"rank\") VALUES ('secure-delete', 1)"
            : "INSERT INTO \"search_fts\" (\"search_fts\", \"rank\") VALUES ('secure-delete', 0)", ct);
    }

    /// <summary>Longest vocabulary read for one word (a two-letter bucket of a large vocabulary).</summary>
    public const int MaxTerms = 5000;

    public async Task<List<SearchCandidate>> CandidatesAsync(Guid workspaceId, IReadOnlyList<SearchClause> clauses, IReadOnlyList<SearchScope> scopes, int limit, CancellationToken ct)
    {
        var usable = clauses.Where(c => c.Alternatives.Count > 0 && c.Alternatives.All(a => a.Indexable)).ToList();
        if (usable.Count == 0 || scopes.Count == 0) return [];
        await using var cmd = await CommandAsync(ct);
        var sql = BuildCandidates(cmd, workspaceId, usable, scopes, limit);
        cmd.CommandText = sql;
        var list = new List<SearchCandidate>();
        await using var r = await ExecuteReaderAsync(cmd, ct);
        while (await r.ReadAsync(ct))
            list.Add(new SearchCandidate(r.GetInt64(0), r.GetString(1), ReadGuid(r, 2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetString(5), r.GetString(6), r.GetString(7)));
        return list;
    }

    /// <summary>
    /// Vocabulary terms that may be one typo from <paramref name="token"/> (5+ characters): those sharing
    /// its first two letters or, with a length within one, its last two. One edit leaves one of the two
    /// ends intact, so no term within one typo is missed, and the lookups are two index ranges.
    /// </summary>
    public async Task<List<string>> TermsAsync(Guid workspaceId, string token, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(ct);
        cmd.CommandText = """
            SELECT term FROM search_terms WHERE workspace_id = @ws AND term >= @lo AND term < @hi AND length(term) >= @min
            UNION
            SELECT term FROM search_terms WHERE workspace_id = @ws AND tail = @tail AND length(term) BETWEEN @min AND @max
            LIMIT @limit
            """;
        Add(cmd, "@ws", GuidValue(workspaceId));
        Add(cmd, "@lo", token[..2]);
        Add(cmd, "@hi", $"{token[0]}{(char)(token[1] + 1)}");
        Add(cmd, "@min", token.Length - 1);
        Add(cmd, "@max", token.Length + 1);
        Add(cmd, "@tail", token[^2..]);
        Add(cmd, "@limit", MaxTerms);
        var terms = new List<string>();
        await using var r = await ExecuteReaderAsync(cmd, ct);
        while (await r.ReadAsync(ct)) terms.Add(r.GetString(0));
        return terms;
    }

    private static Task<DbDataReader> ExecuteReaderAsync(DbCommand cmd, CancellationToken ct)
    {
        if (Diagnostics.IsEnabled(CommandExecutingEvent)) Diagnostics.Write(CommandExecutingEvent, cmd);
        return cmd.ExecuteReaderAsync(ct);
    }

    protected abstract string BuildCandidates(DbCommand cmd, Guid workspaceId, IReadOnlyList<SearchClause> clauses, IReadOnlyList<SearchScope> scopes, int limit);
    protected abstract object GuidValue(Guid g);
    protected abstract Guid ReadGuid(DbDataReader r, int ordinal);

    private async Task<DbCommand> CommandAsync(CancellationToken ct)
    {
        var connection = Db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await Db.Database.OpenConnectionAsync(ct);
        var cmd = connection.CreateCommand();
        cmd.Transaction = Db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    protected static DbParameter Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return p;
    }

    protected static IEnumerable<string> Columns(SearchField fields)
    {
        if (fields.HasFlag(SearchField.Words)) yield return "words";
        if (fields.HasFlag(SearchField.Handles)) yield return "handles";
        if (fields.HasFlag(SearchField.Phones)) yield return "phones";
    }

    /// <summary>
    /// "(d.record_type = 'contact' AND (d.owner_id IS NULL OR d.owner_id IN (…))) OR …": each type with
    /// its own visibility. <paramref name="owners"/> renders one type's owner list as SQL.
    /// </summary>
    protected static string ScopeSql(DbCommand cmd, IReadOnlyList<SearchScope> scopes, Func<int, Guid[], string> owners)
    {
        var parts = new List<string>();
        for (var i = 0; i < scopes.Count; i++)
        {
            Add(cmd, $"@t{i}", scopes[i].Type);
            parts.Add(scopes[i].OwnerIds switch
            {
                null => $"d.record_type = @t{i}",
                { Length: 0 } => $"(d.record_type = @t{i} AND d.owner_id IS NULL)",
                var ids => $"(d.record_type = @t{i} AND (d.owner_id IS NULL OR {owners(i, ids)}))",
            });
        }
        return "(" + string.Join(" OR ", parts) + ")";
    }

    protected const string CandidateColumns = "d.id, d.record_type, d.record_id, d.title, d.subtitle, d.words, d.handles, d.phones";
}

internal sealed class SqliteSearchIndex(RapportDb db) : SearchIndex(db)
{
    protected override object GuidValue(Guid g) => g.ToByteArray(bigEndian: true);
    protected override Guid ReadGuid(DbDataReader r, int ordinal) => new((byte[])r.GetValue(ordinal), bigEndian: true);

    /// <summary>FTS5 drives (CROSS JOIN keeps it the outer loop); the document row is then read by rowid.</summary>
    protected override string BuildCandidates(DbCommand cmd, Guid workspaceId, IReadOnlyList<SearchClause> clauses, IReadOnlyList<SearchScope> scopes, int limit)
    {
        Add(cmd, "@ws", GuidValue(workspaceId));
        Add(cmd, "@match", MatchExpression(clauses));
        Add(cmd, "@limit", limit);
        var scope = ScopeSql(cmd, scopes, (i, ids) =>
        {
            var names = new List<string>();
            for (var j = 0; j < ids.Length; j++)
            {
                Add(cmd, $"@o{i}_{j}", GuidValue(ids[j]));
                names.Add($"@o{i}_{j}");
            }
            return $"d.owner_id IN ({string.Join(", ", names)})";
        });
        return $"""
            SELECT {CandidateColumns}
            FROM search_fts f CROSS JOIN search_documents d ON d.id = f.rowid
            WHERE f.search_fts MATCH @match AND d.workspace_id = @ws AND {scope}
            LIMIT @limit
            """;
    }

    /// <summary>An FTS5 query: <c>({words handles} : " jo" OR {words} : " johnson ") AND …</c>, phrases quoted.</summary>
    public static string MatchExpression(IReadOnlyList<SearchClause> clauses)
    {
        var sb = new StringBuilder();
        foreach (var clause in clauses)
        {
            if (sb.Length > 0) sb.Append(" AND ");
            sb.Append('(');
            for (var i = 0; i < clause.Alternatives.Count; i++)
            {
                var p = clause.Alternatives[i];
                if (i > 0) sb.Append(" OR ");
                sb.Append('{').Append(string.Join(' ', Columns(p.Fields))).Append("} : \"").Append(p.Needle.Replace("\"", "\"\"")).Append('"');
            }
            sb.Append(')');
        }
        return sb.ToString();
    }
}

internal sealed class PostgresSearchIndex(RapportDb db) : SearchIndex(db)
{
    protected override object GuidValue(Guid g) => g;
    protected override Guid ReadGuid(DbDataReader r, int ordinal) => r.GetGuid(ordinal);

    /// <summary>LIKE patterns the pg_trgm GIN indexes answer (a bitmap scan; the heap visit stops at the limit).</summary>
    protected override string BuildCandidates(DbCommand cmd, Guid workspaceId, IReadOnlyList<SearchClause> clauses, IReadOnlyList<SearchScope> scopes, int limit)
    {
        Add(cmd, "@ws", workspaceId);
        Add(cmd, "@limit", limit);
        var conditions = new List<string>();
        var n = 0;
        foreach (var clause in clauses)
        {
            var alternatives = new List<string>();
            foreach (var p in clause.Alternatives)
            {
                // pg_trgm pads a word's start and end ("  c", " co", "om ") and those trigrams are in
                // most documents: "pouros.com" as one LIKE took 7.6 ms at a million contacts, its run
                // "pouros" 1.3 ms. So the GIN index is asked for the needle's longest run of letters and
                // digits, unpadded, and the exact needle is checked with strpos on the rows found — for
                // addresses, and for word starts of 5+ letters. A short word start keeps its padding: for
                // "ina" the padded trigrams are what make it selective (words starting with "ina" are
                // rare, words containing it are not), as are a whole word's (" cas ": 2.6 ms vs 148).
                var core = LongestAlphanumericRun(p.Needle);
                var like = $"@p{n++}";
                if (core.Length >= 3 && core.Length < p.Needle.Length
                    && (p.Anchor == SearchAnchor.Anywhere || (p.Anchor == SearchAnchor.WordStart && core.Length >= 5)))
                {
                    var exact = $"@p{n++}";
                    Add(cmd, like, "%" + EscapeLike(core) + "%");
                    Add(cmd, exact, p.Needle);
                    alternatives.AddRange(Columns(p.Fields).Select(c => $"(d.{c} LIKE {like} AND strpos(d.{c}, {exact}) > 0)"));
                }
                else
                {
                    Add(cmd, like, "%" + EscapeLike(p.Needle) + "%");
                    alternatives.AddRange(Columns(p.Fields).Select(c => $"d.{c} LIKE {like}"));
                }
            }
            conditions.Add("(" + string.Join(" OR ", alternatives) + ")");
        }
        var scope = ScopeSql(cmd, scopes, (i, ids) =>
        {
            var p = (NpgsqlParameter)Add(cmd, $"@o{i}", ids);
            p.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid;
            return $"d.owner_id = ANY(@o{i})";
        });
        return $"""
            SELECT {CandidateColumns}
            FROM search_documents d
            WHERE d.workspace_id = @ws AND {string.Join(" AND ", conditions)} AND {scope}
            LIMIT @limit
            """;
    }

    internal static string LongestAlphanumericRun(string s)
    {
        int best = 0, bestStart = 0, start = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && char.IsLetterOrDigit(s[i])) continue;
            if (i - start > best) (best, bestStart) = (i - start, start);
            start = i + 1;
        }
        return s.Substring(bestStart, best);
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
