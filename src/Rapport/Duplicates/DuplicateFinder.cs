namespace Rapport.Duplicates;

/// <summary>What the scan knows of one record: a lean projection, folded once when read.</summary>
public sealed class ScanRecord
{
    public Guid Id;
    /// <summary>Folded given name / surname (contacts), folded name without legal suffixes (accounts: <see cref="Last"/>).</summary>
    public string First = "", Last = "";
    /// <summary>Accounts: the name's words sorted ("bank of x" ≈ "x bank").</summary>
    public string NameTokens = "";
    /// <summary>Lower-cased primary e-mail (contacts) or domain (accounts).</summary>
    public string Email = "";
    /// <summary>Digits of the primary phone.</summary>
    public string Phone = "";
    /// <summary>yyyymmdd, 0 when unknown.</summary>
    public int Birth;
    public string Street = "", StreetTokens = "", City = "", Postcode = "";
    /// <summary>Contacts: one of the accounts they belong to.</summary>
    public Guid Company;
}

[Flags]
public enum Reason
{
    None = 0,
    SameEmail = 1, SamePhone = 2, SameDomain = 4,
    SimilarNameSameCompany = 8, SimilarNameSameAddress = 16, SimilarNameSameBirthDate = 32, SimilarNameSameCity = 64,
}

/// <summary>Blocking keys and pair scores for one kind of record.</summary>
public interface IPairScorer
{
    /// <summary>How many key slots <see cref="Keys"/> fills; slot order matters: earlier slots should be the more selective.</summary>
    int KeySlots { get; }
    /// <summary>Each slot's key hash, 0 when the record has no value for it.</summary>
    void Keys(ScanRecord r, Span<long> keys);
    /// <summary>The evidence weight (≥ <see cref="Threshold"/> with a reason = a duplicate) and the reasons.</summary>
    (double Weight, Reason Reasons) Score(ScanRecord a, ScanRecord b);
    /// <summary>Key slots whose blocks hold one value (e-mail, phone, domain): an oversized block links everyone to its first record.</summary>
    bool IsExact(int slot);
    double Threshold { get; }
}

/// <summary>
/// The scan's engine, free of the database: blocking (records sharing a key land in one block),
/// pairwise scoring inside blocks, connected components of the pairs above the threshold. Blocks are
/// found by sorting (key hash, record) pairs — no dictionary of strings — and capped: a block larger
/// than <see cref="MaxBlock"/> is compared in a sliding window over its records sorted by name (the
/// sorted-neighbourhood method), so the work stays linear in the number of records. A pair sharing
/// several keys is scored once, in the first block where it was fully compared.
/// </summary>
public static class DuplicateFinder
{
    public const int MaxBlock = 64;
    public const int Window = 12;

    public sealed record Group(int[] Members, double Score, Reason Reasons);
    public sealed record Result(List<Group> Groups, long PairsCompared);

    public static Result Find(IReadOnlyList<ScanRecord> records, IPairScorer scorer, Func<Guid, Guid, bool>? dismissed = null, CancellationToken ct = default)
    {
        var n = records.Count;
        var slots = scorer.KeySlots;
        var keys = new long[(long)n * slots];
        Span<long> buffer = stackalloc long[slots];
        var perSlot = new (long Key, int Index)[slots][];
        var counts = new int[slots];
        for (var s = 0; s < slots; s++) perSlot[s] = new (long, int)[n];
        for (var i = 0; i < n; i++)
        {
            buffer.Clear();
            scorer.Keys(records[i], buffer);
            for (var s = 0; s < slots; s++)
            {
                keys[(long)i * slots + s] = buffer[s];
                if (buffer[s] != 0) perSlot[s][counts[s]++] = (buffer[s], i);
            }
        }
        // Oversized blocks, per record and slot: a pair is skipped in a later block only when an earlier
        // shared block compared it fully.
        var oversized = new bool[(long)n * slots];
        var edges = new List<(int A, int B, double W, Reason R)>();
        long compared = 0;
        for (var s = 0; s < slots; s++)
        {
            ct.ThrowIfCancellationRequested();
            var arr = perSlot[s];
            Array.Sort(arr, 0, counts[s], Comparer<(long Key, int Index)>.Create((x, y) => x.Key != y.Key ? x.Key.CompareTo(y.Key) : x.Index.CompareTo(y.Index)));
            for (int start = 0, end; start < counts[s]; start = end)
            {
                end = start + 1;
                while (end < counts[s] && arr[end].Key == arr[start].Key) end++;
                if (end - start > MaxBlock)
                    for (var k = start; k < end; k++) oversized[(long)arr[k].Index * slots + s] = true;
            }
        }
        for (var s = 0; s < slots; s++)
        {
            var arr = perSlot[s];
            for (int start = 0, end; start < counts[s]; start = end)
            {
                ct.ThrowIfCancellationRequested();
                end = start + 1;
                while (end < counts[s] && arr[end].Key == arr[start].Key) end++;
                var size = end - start;
                if (size < 2) continue;
                if (size <= MaxBlock)
                {
                    for (var x = start; x < end; x++)
                        for (var y = x + 1; y < end; y++)
                            Compare(arr[x].Index, arr[y].Index, s);
                }
                else if (scorer.IsExact(s))
                {
                    for (var y = start + 1; y < end; y++) Compare(arr[start].Index, arr[y].Index, s);
                }
                else
                {
                    var block = new int[size];
                    for (var k = 0; k < size; k++) block[k] = arr[start + k].Index;
                    Array.Sort(block, (p, q) =>
                    {
                        var c = string.CompareOrdinal(records[p].Last, records[q].Last);
                        return c != 0 ? c : string.CompareOrdinal(records[p].First, records[q].First);
                    });
                    for (var x = 0; x < size; x++)
                        for (var y = x + 1; y < Math.Min(size, x + 1 + Window); y++)
                            Compare(block[x], block[y], s);
                }
            }
        }

        void Compare(int i, int j, int slot)
        {
            if (i > j) (i, j) = (j, i);
            for (var t = 0; t < slot; t++)
            {
                var ki = keys[(long)i * slots + t];
                if (ki != 0 && ki == keys[(long)j * slots + t] && !oversized[(long)i * slots + t]) return;
            }
            compared++;
            var (w, r) = scorer.Score(records[i], records[j]);
            if (w < scorer.Threshold || r == Reason.None) return;
            if (dismissed is not null && dismissed(records[i].Id, records[j].Id)) return;
            edges.Add((i, j, w, r));
        }

        // Connected components (union-find) of the duplicate pairs.
        var parent = new Dictionary<int, int>();
        int FindRoot(int x)
        {
            if (!parent.TryGetValue(x, out var p)) { parent[x] = x; return x; }
            while (p != x) { var gp = parent[p]; parent[x] = gp; x = p; p = gp; }
            return x;
        }
        foreach (var (a, b, _, _) in edges)
        {
            var ra = FindRoot(a); var rb = FindRoot(b);
            if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
        var byRoot = new Dictionary<int, (HashSet<int> Members, double W, Reason R)>();
        foreach (var (a, b, w, r) in edges)
        {
            var root = FindRoot(a);
            if (!byRoot.TryGetValue(root, out var g)) g = ([], 0, Reason.None);
            g.Members.Add(a); g.Members.Add(b);
            byRoot[root] = (g.Members, Math.Max(g.W, w), g.R | r);
        }
        var groups = byRoot.Values.Select(g => new Group(g.Members.Order().ToArray(), ToScore(g.W), g.R)).ToList();
        return new Result(groups, compared);
    }

    /// <summary>Evidence weight → 0–1: the threshold (4) maps to 0.63, 8 to 0.86, 13 to 0.96.</summary>
    public static double ToScore(double weight) => Math.Round(1 - Math.Exp(-Math.Max(0, weight) / 4), 3);
}

/// <summary>
/// Contacts. Keys: e-mail, phone digits, surname Soundex + first initial, given-name Soundex + surname
/// initial (a typo in either name), both names' Soundex codes sorted (given name and surname swapped),
/// postcode + two letters of each name, birth date. Evidence weights
/// were tuned on the FEBRL data set (tests/Rapport.Tests/Duplicates/FebrlQualityTests.cs) and read as
/// log-odds: agreeing fields add, disagreeing ones subtract, missing ones say nothing.
/// </summary>
public sealed class ContactScorer : IPairScorer
{
    public int KeySlots => 8;
    public double Threshold => 4;
    public bool IsExact(int slot) => slot is 0 or 1;

    public void Keys(ScanRecord r, Span<long> k)
    {
        if (r.First.Length > 0 && r.Last.Length > 0)
        {
            var (a, b) = (Matching.Soundex(r.First), Matching.Soundex(r.Last));
            k[7] = string.CompareOrdinal(a, b) <= 0 ? Matching.KeyHash(8, a, b) : Matching.KeyHash(8, b, a);
        }
        if (r.Email.Length > 0) k[0] = Matching.KeyHash(1, r.Email);
        if (r.Phone.Length >= 6) k[1] = Matching.KeyHash(2, r.Phone);
        if (r.Birth != 0) k[2] = Matching.KeyHash(3, r.Birth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (r.Postcode.Length > 0 && r.Last.Length > 0) k[3] = Matching.KeyHash(4, r.Postcode, Matching.Prefix(r.Last, 2));
        if (r.Postcode.Length > 0 && r.First.Length > 0) k[4] = Matching.KeyHash(5, r.Postcode, Matching.Prefix(r.First, 2));
        if (r.Last.Length > 0) k[5] = Matching.KeyHash(6, Matching.Soundex(r.Last), Matching.Prefix(r.First, 1));
        if (r.First.Length > 0) k[6] = Matching.KeyHash(7, Matching.Soundex(r.First), Matching.Prefix(r.Last, 1));
    }

    public (double Weight, Reason Reasons) Score(ScanRecord a, ScanRecord b)
    {
        double w = 0;
        var reasons = Reason.None;
        if (a.Email.Length > 0 && a.Email == b.Email) { w += 7; reasons |= Reason.SameEmail; }
        if (a.Phone.Length >= 6 && a.Phone == b.Phone) { w += 6; reasons |= Reason.SamePhone; }

        double? given = Sim(a.First, b.First), sur = Sim(a.Last, b.Last);
        if ((given ?? 0) < 0.85 && (sur ?? 0) < 0.85)
        {
            // Given name and surname swapped?
            double? g2 = Sim(a.First, b.Last), s2 = Sim(a.Last, b.First);
            if (Math.Max(g2 ?? 0, s2 ?? 0) >= 0.9) (given, sur) = (g2, s2);
        }
        w += NameWeight(given, 2.0) + NameWeight(sur, 2.5);
        var similarName = (given ?? 0) >= 0.85 || (sur ?? 0) >= 0.85;
        // One name alike and the other not: two given names under one surname at one
        // address is a household, with one birth date twins; the same person after a change of name
        // shares both address and birth date. So such a pair needs both.
        var partName = given is { } gv && sur is { } sv && Math.Min(gv, sv) < 0.85;

        var birth = false;
        if (a.Birth != 0 && b.Birth != 0)
        {
            if (a.Birth == b.Birth) { w += 3; birth = true; }
            else if (Matching.NearDate(a.Birth, b.Birth)) { w += 1.5; birth = true; }
            else w -= 2;
        }
        bool? samePostcode = null;
        if (a.Postcode.Length > 0 && b.Postcode.Length > 0)
        {
            if (a.Postcode == b.Postcode) { w += 1.5; samePostcode = true; }
            else if (OneApart(a.Postcode, b.Postcode)) w += 0.5;
            else { w -= 1; samePostcode = false; }
        }
        double? street = null;
        if (a.Street.Length > 0 && b.Street.Length > 0)
        {
            street = Math.Max(Matching.JaroWinkler(a.Street, b.Street), Matching.JaroWinkler(a.StreetTokens, b.StreetTokens));
            w += street >= 0.9 ? 2.5 : street >= 0.8 ? 1 : -1;
        }
        double? city = Sim(a.City, b.City);
        if (city is { } c) w += c >= 0.9 ? 1 : -0.5;
        var sameAddress = street is { } st && ((st >= 0.8 && (samePostcode == true || (city ?? 0) >= 0.9)) || st >= 0.95);
        var sameCompany = a.Company != Guid.Empty && a.Company == b.Company;
        if (sameCompany) w += 2.5;

        if (similarName && !partName)
        {
            if (sameAddress) reasons |= Reason.SimilarNameSameAddress;
            if (birth) reasons |= Reason.SimilarNameSameBirthDate;
            if (sameCompany) reasons |= Reason.SimilarNameSameCompany;
        }
        else if (similarName && sameAddress && birth) reasons |= Reason.SimilarNameSameAddress | Reason.SimilarNameSameBirthDate;
        return (w, reasons);
    }

    private static double? Sim(string a, string b) => a.Length == 0 || b.Length == 0 ? null : Matching.JaroWinkler(a, b);

    private static double NameWeight(double? sim, double agree) => sim switch
    {
        null => 0,
        >= 0.92 => agree,
        >= 0.85 => agree * 0.6,
        _ => -1.5,
    };

    private static bool OneApart(string a, string b)
    {
        if (a.Length != b.Length) return false;
        var d = 0;
        for (var i = 0; i < a.Length; i++) if (a[i] != b[i] && ++d > 1) return false;
        return true;
    }
}

/// <summary>Accounts. Keys: domain, phone digits, the folded name's first six letters, the first word's Soundex. Reasons: same domain, same phone, similar name + same city.</summary>
public sealed class AccountScorer : IPairScorer
{
    public int KeySlots => 4;
    public double Threshold => 4;
    public bool IsExact(int slot) => slot is 0 or 1;

    private static readonly HashSet<string> LegalForms = ["inc", "ltd", "llc", "gmbh", "sa", "sarl", "sas", "co", "corp", "corporation", "company",
        "the", "plc", "ag", "bv", "nv", "limited", "incorporated", "srl", "spa", "oy", "ab", "as", "kg", "group"];

    /// <summary>The folded name without legal forms ("The Acme Co., Inc." → "acme"), and its words sorted.</summary>
    public static (string Name, string Tokens) NameKey(string name)
    {
        var words = name.Split([' ', ',', '.', '-', '&', '/'], StringSplitOptions.RemoveEmptyEntries).Select(Matching.Fold).Where(w => w.Length > 0).ToList();
        var core = words.Where(w => !LegalForms.Contains(w)).ToList();
        if (core.Count == 0) core = words;
        var sorted = core.Order(StringComparer.Ordinal);
        return (string.Concat(core), string.Concat(sorted));
    }

    public void Keys(ScanRecord r, Span<long> k)
    {
        if (r.Email.Length > 0) k[0] = Matching.KeyHash(11, r.Email);
        if (r.Phone.Length >= 6) k[1] = Matching.KeyHash(12, r.Phone);
        if (r.Last.Length > 0) k[2] = Matching.KeyHash(13, Matching.Prefix(r.Last, 6));
        if (r.Last.Length > 0) k[3] = Matching.KeyHash(14, Matching.Soundex(r.Last), r.City.Length > 0 ? Matching.Prefix(r.City, 2) : "");
    }

    public (double Weight, Reason Reasons) Score(ScanRecord a, ScanRecord b)
    {
        double w = 0;
        var reasons = Reason.None;
        if (a.Email.Length > 0 && a.Email == b.Email) { w += 7; reasons |= Reason.SameDomain; }
        else if (a.Email.Length > 0 && b.Email.Length > 0) w -= 2;
        if (a.Phone.Length >= 6 && a.Phone == b.Phone) { w += 6; reasons |= Reason.SamePhone; }
        var name = a.Last.Length == 0 || b.Last.Length == 0 ? 0
            : Math.Max(Matching.JaroWinkler(a.Last, b.Last), Matching.JaroWinkler(a.NameTokens, b.NameTokens));
        w += name >= 0.95 ? 4 : name >= 0.88 ? 2.5 : -3;
        var sameCity = a.City.Length > 0 && b.City.Length > 0 && Matching.JaroWinkler(a.City, b.City) >= 0.92;
        if (sameCity) w += 1.5;
        if (a.Street.Length > 0 && b.Street.Length > 0 && Matching.JaroWinkler(a.StreetTokens, b.StreetTokens) >= 0.9) w += 1.5;
        if (name >= 0.88 && sameCity) reasons |= Reason.SimilarNameSameCity;
        return (w, reasons);
    }
}
