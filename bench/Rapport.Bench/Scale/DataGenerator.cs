using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Rapport.Bench.Scale;

/// <summary>The workspace the data goes into: its id, the users who own records, and the custom fields defined through the API.</summary>
internal sealed record ScaleWorkspace(Guid WorkspaceId, Guid OwnerUserId, Guid[] SalesUserIds, Guid ManagerUserId);

internal sealed record ScaleSizes(int Contacts, int Accounts, int Interactions);

/// <summary>Values picked from the generated data, for the measured requests.</summary>
internal sealed record ScaleSamples(
    string PrefixQuery, string NameQuery, string TypoQuery, string EmailPrefixQuery, string PhoneQuery, string DomainQuery,
    Guid ContactId, Guid BusyContactId, Guid ListOwnerId, string ListTag, string ListStage);

/// <summary>
/// Deterministic, realistic CRM data: names of nine locales (Bogus 34), work e-mails at the contact's
/// company or a free-mail domain, E.164 phones of four countries, tags with a skewed distribution,
/// lifecycle stages, owners among a few users (5 % unowned), two custom fields, contacts linked to
/// accounts with roles, and interactions spread over five years (a hundred "busy" contacts have 300
/// each, so a timeline page is full). Rows stream to the writer; nothing but ids is kept in memory.
/// </summary>
internal sealed class DataGenerator
{
    public static readonly string[] Tags = ["newsletter", "customer", "smb", "webinar-2025", "trade-show", "enterprise", "vip", "referral", "partner", "churn-risk", "event-berlin", "event-nyc", "beta", "donor", "volunteer"];
    private static readonly double[] TagOdds = [0.30, 0.20, 0.12, 0.10, 0.08, 0.06, 0.05, 0.05, 0.04, 0.03, 0.03, 0.03, 0.02, 0.02, 0.01];
    private static readonly string[] Stages = ["awareness", "consideration", "purchase", "retention", "advocacy"];
    private static readonly double[] StageOdds = [0.35, 0.25, 0.20, 0.15, 0.05];
    private static readonly string[] Sources = ["web", "referral", "event", "import", "ads", "partner"];
    private static readonly string[] FreeMail = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "gmx.de", "web.de", "orange.fr", "proton.me"];
    private static readonly string[] Channels = ["email", "call", "meeting", "chat", "sms", "social", "webVisit", "directMail", "inPerson"];
    private static readonly double[] ChannelOdds = [0.40, 0.20, 0.10, 0.08, 0.07, 0.05, 0.06, 0.02, 0.02];
    private static readonly string[] Outcomes = ["interested", "not interested", "left voicemail", "no answer", "follow-up scheduled", "closed", "needs proposal"];
    private static readonly string[] Roles = ["decisionMaker", "influencer", "billing", "donor", "volunteer", "other"];
    private static readonly string[] Industries = ["Software", "Retail", "Healthcare", "Manufacturing", "Finance", "Education", "Non-profit", "Logistics", "Energy", "Media", "Hospitality", "Construction"];
    private static readonly string[] Sizes = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+"];
    private static readonly string[] PreferredChannels = ["email", "phone", "sms"];
    private static readonly string[] Locales = ["en", "de", "fr", "es", "it", "nl", "pt_BR", "pl", "sv"];
    private static readonly double[] LocaleOdds = [0.50, 0.10, 0.08, 0.08, 0.06, 0.05, 0.05, 0.04, 0.04];

    public static readonly DateTime Start = new(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime End = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly ScaleWorkspace _ws;
    private readonly ScaleSizes _sizes;
    private readonly Random _rng = new(20261122);
    private readonly string[][] _first, _last;
    private readonly string[] _jobTitles, _companies, _subjects, _bodies, _streets, _cities;
    private readonly Guid[] _owners;

    // Kept for linking: ids, creation times, the first account of each contact.
    private readonly Guid[] _accountIds;
    private readonly string[] _accountDomains;
    private readonly Guid[] _contactIds;
    private readonly int[] _contactAccount;
    private readonly string?[] _phones;
    private readonly string?[] _emails;
    private readonly string[] _names;
    private readonly HashSet<int> _busy = [];

    public DataGenerator(ScaleWorkspace ws, ScaleSizes sizes)
    {
        _ws = ws;
        _sizes = sizes;
        Bogus.Randomizer.Seed = new Random(42);
        _first = Locales.Select(l => Pool(2500, () => new Bogus.DataSets.Name(l).FirstName())).ToArray();
        _last = Locales.Select(l => Pool(2500, () => new Bogus.DataSets.Name(l).LastName())).ToArray();
        var en = new Bogus.DataSets.Name("en");
        _jobTitles = Pool(600, () => en.JobTitle());
        var company = new Bogus.DataSets.Company("en");
        _companies = Pool(60000, () => company.CompanyName());
        var hacker = new Bogus.DataSets.Hacker("en");
        var lorem = new Bogus.DataSets.Lorem("en");
        _subjects = Pool(5000, () => Capitalize(hacker.Phrase()));
        _bodies = Pool(5000, () => lorem.Sentences(_rng.Next(1, 4)));
        var address = new Bogus.DataSets.Address("en");
        _streets = Pool(5000, () => address.StreetAddress());
        _cities = Pool(2000, () => address.City());
        // Owners: the account owner, four sales reps, a manager; 5 % unowned (null).
        _owners = [ws.OwnerUserId, .. ws.SalesUserIds, ws.ManagerUserId];
        _accountIds = new Guid[sizes.Accounts];
        _accountDomains = new string[sizes.Accounts];
        _contactIds = new Guid[sizes.Contacts];
        _contactAccount = new int[sizes.Contacts];
        _phones = new string?[sizes.Contacts];
        _emails = new string?[sizes.Contacts];
        _names = new string[sizes.Contacts];
        while (_busy.Count < Math.Min(100, sizes.Contacts)) _busy.Add(_rng.Next(sizes.Contacts));
    }

    private string[] Pool(int n, Func<string> make)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < n * 3 && set.Count < n; i++) set.Add(make());
        return set.ToArray();
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private int Weighted(double[] odds)
    {
        var x = _rng.NextDouble();
        for (var i = 0; i < odds.Length; i++) { x -= odds[i]; if (x < 0) return i; }
        return odds.Length - 1;
    }

    private static string Slug(string s)
    {
        var d = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static DateTime At(int i, int n) => Start + TimeSpan.FromTicks((End - Start).Ticks / n * i);

    private Guid? Owner() => _rng.NextDouble() < 0.05 ? null : _owners[_rng.Next(_owners.Length)];

    private string? NewPhone()
    {
        var r = _rng.NextDouble();
        if (r < 0.10) return null;
        if (r < 0.75) return $"+1{_rng.Next(201, 990)}{_rng.Next(200, 1000)}{_rng.Next(0, 10000):D4}";
        if (r < 0.85) return $"+4420{_rng.Next(7000, 8999)}{_rng.Next(0, 10000):D4}";
        if (r < 0.95) return $"+49{(_rng.NextDouble() < 0.5 ? "30" : "151")}{_rng.Next(1000000, 99999999)}";
        return $"+33{_rng.Next(1, 8)}{_rng.Next(10000000, 99999999)}";
    }

    private string Addresses(string country) => _rng.NextDouble() < 0.3 ? "[]"
        : JsonSerializer.Serialize(new[] { new { label = "work", street = Pick(_streets), city = Pick(_cities), postcode = _rng.Next(10000, 99999).ToString(CultureInfo.InvariantCulture), region = (string?)null, country } });

    public sealed record AccountRow(Guid Id, string Name, string Domain, string Industry, string Size, decimal? Revenue, string? Phone, string Addresses, Guid? OwnerId, DateTime CreatedAt);

    public IEnumerable<AccountRow> Accounts()
    {
        for (var i = 0; i < _sizes.Accounts; i++)
        {
            var created = At(i, _sizes.Accounts) + TimeSpan.FromSeconds(_rng.Next(0, 600));
            var id = Guid.CreateVersion7(created);
            var name = Pick(_companies);
            var domain = Slug(name.Split(' ', ',')[0]) + (i % 7 == 0 ? "-" + Slug(name.Split(' ', ',')[^1]) : "") + Pick([".com", ".com", ".com", ".io", ".de", ".co.uk", ".net", ".org"]);
            _accountIds[i] = id;
            _accountDomains[i] = domain;
            yield return new AccountRow(id, name, domain, Pick(Industries), Pick(Sizes), _rng.NextDouble() < 0.6 ? Math.Round((decimal)(_rng.NextDouble() * 5e7), 2) : null,
                NewPhone(), Addresses("US"), Owner(), created);
        }
    }

    public sealed record ContactRow(Guid Id, string FirstName, string LastName, string? Email, string? Phone, string Emails, string Phones, string Addresses,
        DateOnly? BirthDate, string? JobTitle, string Social, Guid? OwnerId, string Source, string Stage, string CustomFields, DateTime CreatedAt, DateTime UpdatedAt,
        string[] Tags, (Guid AccountId, string Role, string? Title)[] Links);

    public IEnumerable<ContactRow> Contacts()
    {
        for (var i = 0; i < _sizes.Contacts; i++)
        {
            var created = At(i, _sizes.Contacts) + TimeSpan.FromSeconds(_rng.Next(0, 60));
            var id = Guid.CreateVersion7(created);
            var locale = Weighted(LocaleOdds);
            var first = Pick(_first[locale]);
            var last = Pick(_last[locale]);
            var r = _rng.NextDouble();
            var account = r < 0.85 ? _rng.Next(_sizes.Accounts) : -1;
            var second = r < 0.10 ? _rng.Next(_sizes.Accounts) : -1;
            var local = Slug(first) + (_rng.NextDouble() < 0.5 ? "." : "") + Slug(last) + (_rng.NextDouble() < 0.3 ? _rng.Next(1, 99).ToString(CultureInfo.InvariantCulture) : "");
            string? email = _rng.NextDouble() < 0.93 ? $"{local}@{(account >= 0 && _rng.NextDouble() < 0.6 ? _accountDomains[account] : Pick(FreeMail))}" : null;
            var emails = email is null ? "[]" : _rng.NextDouble() < 0.2
                ? JsonSerializer.Serialize(new object[] { new { address = email, label = "work", primary = true }, new { address = $"{local}{_rng.Next(1, 999)}@{Pick(FreeMail)}", label = "home", primary = false } })
                : JsonSerializer.Serialize(new object[] { new { address = email, label = "work", primary = true } });
            var phone = NewPhone();
            var phones = phone is null ? "[]" : JsonSerializer.Serialize(new object[] { new { number = phone, label = "mobile", primary = true } });
            var tags = new List<string>();
            for (var t = 0; t < Tags.Length; t++) if (_rng.NextDouble() < TagOdds[t]) tags.Add(Tags[t]);
            var custom = new Dictionary<string, object>();
            if (_rng.NextDouble() < 0.6) custom["shoeSize"] = _rng.Next(35, 48);
            if (_rng.NextDouble() < 0.5) custom["preferredChannel"] = Pick(PreferredChannels);
            var links = new List<(Guid, string, string?)>();
            if (account >= 0) links.Add((_accountIds[account], Pick(Roles), _rng.NextDouble() < 0.7 ? Pick(_jobTitles) : null));
            if (second >= 0 && second != account) links.Add((_accountIds[second], Pick(Roles), null));
            _contactIds[i] = id;
            _contactAccount[i] = account;
            _phones[i] = phone;
            _emails[i] = email;
            _names[i] = $"{first} {last}";
            yield return new ContactRow(id, first, last, email, phone, emails, phones, Addresses(locale == 0 ? "US" : "EU"),
                _rng.NextDouble() < 0.6 ? new DateOnly(_rng.Next(1950, 2005), _rng.Next(1, 13), _rng.Next(1, 29)) : null,
                _rng.NextDouble() < 0.8 ? Pick(_jobTitles) : null,
                _rng.NextDouble() < 0.3 ? $"{{\"linkedin\":\"https://www.linkedin.com/in/{local}\"}}" : "{}",
                Owner(), Pick(Sources), Stages[Weighted(StageOdds)], JsonSerializer.Serialize(custom), created, created + TimeSpan.FromDays(_rng.Next(0, 90)),
                tags.ToArray(), links.ToArray());
        }
    }

    public sealed record InteractionRow(Guid Id, Guid ContactId, Guid? AccountId, string Channel, string Direction, DateTime OccurredAt, int? Duration,
        string Subject, string? Body, string? Outcome, Guid? CreatedBy);

    /// <summary>In time order (so ids, UUIDv7, are too): each one on a contact that existed by then.</summary>
    public IEnumerable<InteractionRow> Interactions()
    {
        var busy = _busy.ToArray();
        var busyTotal = busy.Length * 300;
        var n = _sizes.Interactions;
        var every = Math.Max(1, n / Math.Max(1, busyTotal));
        for (var i = 0; i < n; i++)
        {
            var at = At(i, n) + TimeSpan.FromSeconds(_rng.Next(0, 60));
            var known = Math.Max(1, (int)((long)_sizes.Contacts * (i + 1) / n));
            var c = i % every == 0 ? busy[i / every % busy.Length] : _rng.Next(known);
            var channel = Channels[Weighted(ChannelOdds)];
            var account = _contactAccount[c];
            yield return new InteractionRow(Guid.CreateVersion7(at), _contactIds[c], account >= 0 ? _accountIds[account] : null, channel,
                _rng.NextDouble() < 0.55 ? "outbound" : "inbound", at,
                channel is "call" or "meeting" ? _rng.Next(60, 3600) : null,
                Pick(_subjects), _rng.NextDouble() < 0.8 ? Pick(_bodies) : null, _rng.NextDouble() < 0.4 ? Pick(Outcomes) : null,
                _owners[_rng.Next(_owners.Length)]);
        }
    }

    public ScaleSamples Samples()
    {
        string Name(int i) => _names[i];
        var n = _sizes.Contacts;
        var typoSource = Enumerable.Range(n / 4, n).Select(i => i % n).First(i => _names[i].Split(' ')[^1] is { Length: >= 7 } l && l.All(char.IsAsciiLetter));
        var last = _names[typoSource].Split(' ')[^1];
        var typo = last[..2] + last[3] + last[2] + last[4..];
        var emailSource = Enumerable.Range(n / 5, n).Select(i => i % n).First(i => _emails[i] is not null);
        var phoneSource = Enumerable.Range(n / 6, n).Select(i => i % n).First(i => _phones[i] is { } p && p.StartsWith("+1"));
        var p1 = _phones[phoneSource]![2..];
        return new ScaleSamples(
            PrefixQuery: Name(n / 2).Split(' ')[0][..Math.Min(3, Name(n / 2).Split(' ')[0].Length)].ToLowerInvariant(),
            NameQuery: Name(n / 3),
            TypoQuery: typo.ToLowerInvariant(),
            EmailPrefixQuery: _emails[emailSource]![..Math.Min(10, _emails[emailSource]!.IndexOf('@') + 2)],
            PhoneQuery: $"({p1[..3]}) {p1[3..6]}-{p1[6..]}",
            DomainQuery: _accountDomains[_sizes.Accounts / 2],
            ContactId: _contactIds[n / 2],
            BusyContactId: _contactIds[_busy.First()],
            ListOwnerId: _ws.SalesUserIds[0],
            ListTag: "newsletter",
            ListStage: "consideration");
    }

    // ───────────────────────── writers ─────────────────────────

    public static async Task<TimeSpan> WriteSqliteAsync(string connectionString, DataGenerator g, Action<string> progress)
    {
        var total = Stopwatch.StartNew();
        await using var c = new SqliteConnection(connectionString);
        await c.OpenAsync();
        // A bulk load: no fsync per transaction, a large page cache for the indexes being built.
        await ExecAsync(c, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;");
        var ws = g._ws.WorkspaceId.ToByteArray(true);
        const string Ts = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
        static object B(Guid? g) => g is { } v ? v.ToByteArray(true) : DBNull.Value;
        static object N(object? v) => v ?? DBNull.Value;

        await BatchAsync(c, g.Accounts(), 50_000, """
            INSERT INTO accounts (workspace_id, id, name, domain, industry, size, annual_revenue, phone, addresses, parent_account_id, owner_id, custom_fields, external_id, created_at, updated_at, deleted_at, version)
            VALUES (@ws, @id, @name, @domain, @industry, @size, @revenue, @phone, @addresses, NULL, @owner, '{}', NULL, @created, @created, NULL, 1)
            """, (cmd, a) =>
        {
            Set(cmd, "@ws", ws); Set(cmd, "@id", B(a.Id)); Set(cmd, "@name", a.Name); Set(cmd, "@domain", a.Domain); Set(cmd, "@industry", a.Industry);
            Set(cmd, "@size", a.Size); Set(cmd, "@revenue", a.Revenue is { } r ? (double)r : DBNull.Value); Set(cmd, "@phone", N(a.Phone));
            Set(cmd, "@addresses", a.Addresses); Set(cmd, "@owner", B(a.OwnerId)); Set(cmd, "@created", a.CreatedAt.ToString(Ts, CultureInfo.InvariantCulture));
        }, null, n => progress($"accounts {n:N0}"));

        await using (var tag = c.CreateCommand())
        await using (var link = c.CreateCommand())
        {
            tag.CommandText = "INSERT INTO contact_tags (workspace_id, contact_id, tag) VALUES (@ws, @id, @tag)";
            link.CommandText = "INSERT INTO contact_accounts (workspace_id, contact_id, account_id, role, title, created_at) VALUES (@ws, @id, @account, @role, @title, @created)";
            await BatchAsync(c, g.Contacts(), 20_000, """
                INSERT INTO contacts (workspace_id, id, first_name, last_name, email, phone, emails, phones, addresses, birth_date, job_title, social, owner_id, source, lifecycle_stage, custom_fields, consent, external_id, created_at, updated_at, deleted_at, erased_at, version)
                VALUES (@ws, @id, @first, @last, @email, @phone, @emails, @phones, @addresses, @birth, @job, @social, @owner, @source, @stage, @custom, '{}', NULL, @created, @updated, NULL, NULL, 1)
                """, (cmd, x) =>
            {
                Set(cmd, "@ws", ws); Set(cmd, "@id", B(x.Id)); Set(cmd, "@first", x.FirstName); Set(cmd, "@last", x.LastName); Set(cmd, "@email", N(x.Email));
                Set(cmd, "@phone", N(x.Phone)); Set(cmd, "@emails", x.Emails); Set(cmd, "@phones", x.Phones); Set(cmd, "@addresses", x.Addresses);
                Set(cmd, "@birth", x.BirthDate is { } b ? b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value); Set(cmd, "@job", N(x.JobTitle));
                Set(cmd, "@social", x.Social); Set(cmd, "@owner", B(x.OwnerId)); Set(cmd, "@source", x.Source); Set(cmd, "@stage", x.Stage);
                Set(cmd, "@custom", x.CustomFields); Set(cmd, "@created", x.CreatedAt.ToString(Ts, CultureInfo.InvariantCulture));
                Set(cmd, "@updated", x.UpdatedAt.ToString(Ts, CultureInfo.InvariantCulture));
            }, (tx, x) =>
            {
                tag.Transaction = tx; link.Transaction = tx;
                foreach (var t in x.Tags)
                {
                    Set(tag, "@ws", ws); Set(tag, "@id", B(x.Id)); Set(tag, "@tag", t);
                    tag.ExecuteNonQuery();
                }
                foreach (var (account, role, title) in x.Links)
                {
                    Set(link, "@ws", ws); Set(link, "@id", B(x.Id)); Set(link, "@account", B(account)); Set(link, "@role", role); Set(link, "@title", N(title));
                    Set(link, "@created", x.CreatedAt.ToString(Ts, CultureInfo.InvariantCulture));
                    link.ExecuteNonQuery();
                }
            }, n => progress($"contacts {n:N0}"));
        }

        await BatchAsync(c, g.Interactions(), 100_000, """
            INSERT INTO interactions (workspace_id, id, contact_id, account_id, channel, direction, occurred_at, duration_seconds, subject, body, outcome, participants, created_by_user_id, created_at, updated_at, deleted_at, version)
            VALUES (@ws, @id, @contact, @account, @channel, @direction, @at, @duration, @subject, @body, @outcome, '[]', @by, @at, @at, NULL, 1)
            """, (cmd, x) =>
        {
            Set(cmd, "@ws", ws); Set(cmd, "@id", B(x.Id)); Set(cmd, "@contact", B(x.ContactId)); Set(cmd, "@account", B(x.AccountId));
            Set(cmd, "@channel", x.Channel); Set(cmd, "@direction", x.Direction); Set(cmd, "@at", x.OccurredAt.ToString(Ts, CultureInfo.InvariantCulture));
            Set(cmd, "@duration", x.Duration is { } d ? d : DBNull.Value); Set(cmd, "@subject", x.Subject); Set(cmd, "@body", N(x.Body));
            Set(cmd, "@outcome", N(x.Outcome)); Set(cmd, "@by", B(x.CreatedBy));
        }, null, n => progress($"interactions {n:N0}"));
        return total.Elapsed;
    }

    private static async Task BatchAsync<T>(SqliteConnection c, IEnumerable<T> rows, int batch, string sql, Action<SqliteCommand, T> bind,
        Action<SqliteTransaction, T>? also, Action<int> progress)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var tx = c.BeginTransaction();
        cmd.Transaction = tx;
        cmd.Prepare();
        var n = 0;
        foreach (var row in rows)
        {
            bind(cmd, row);
            cmd.ExecuteNonQuery();
            also?.Invoke(tx, row);
            if (++n % batch == 0)
            {
                tx.Commit();
                tx.Dispose();
                tx = c.BeginTransaction();
                cmd.Transaction = tx;
                if (n % (batch * 5) == 0) progress(n);
            }
        }
        tx.Commit();
        tx.Dispose();
        progress(n);
    }

    private static void Set(SqliteCommand cmd, string name, object value)
    {
        if (cmd.Parameters.Contains(name)) cmd.Parameters[name].Value = value;
        else cmd.Parameters.AddWithValue(name, value);
    }

    private static async Task ExecAsync(System.Data.Common.DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<TimeSpan> WritePostgresAsync(string connectionString, DataGenerator g, Action<string> progress)
    {
        var total = Stopwatch.StartNew();
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await ExecAsync(c, "SET synchronous_commit = off");
        var ws = g._ws.WorkspaceId;

        await CopyAsync(c, g.Accounts(), 100_000,
            "COPY accounts (workspace_id, id, name, domain, industry, size, annual_revenue, phone, addresses, owner_id, custom_fields, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)",
            (w, a) =>
            {
                w.Write(ws, NpgsqlDbType.Uuid); w.Write(a.Id, NpgsqlDbType.Uuid); w.Write(a.Name); w.Write(a.Domain); w.Write(a.Industry); w.Write(a.Size);
                if (a.Revenue is { } r) w.Write(r, NpgsqlDbType.Numeric); else w.WriteNull();
                if (a.Phone is { } p) w.Write(p); else w.WriteNull();
                w.Write(a.Addresses, NpgsqlDbType.Jsonb);
                if (a.OwnerId is { } o) w.Write(o, NpgsqlDbType.Uuid); else w.WriteNull();
                w.Write("{}", NpgsqlDbType.Jsonb); w.Write(a.CreatedAt, NpgsqlDbType.TimestampTz); w.Write(a.CreatedAt, NpgsqlDbType.TimestampTz); w.Write(1L);
            }, n => progress($"accounts {n:N0}"));

        // Contacts, their tags and links: contacts first (COPY per chunk), tags and links of the chunk right after.
        var tags = new List<(Guid, string)>();
        var links = new List<(Guid, Guid, string, string?, DateTime)>();
        await CopyAsync(c, g.Contacts().Select(x =>
        {
            foreach (var t in x.Tags) tags.Add((x.Id, t));
            foreach (var (a, role, title) in x.Links) links.Add((x.Id, a, role, title, x.CreatedAt));
            return x;
        }), 100_000,
            "COPY contacts (workspace_id, id, first_name, last_name, email, phone, emails, phones, addresses, birth_date, job_title, social, owner_id, source, lifecycle_stage, custom_fields, consent, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)",
            (w, x) =>
            {
                w.Write(ws, NpgsqlDbType.Uuid); w.Write(x.Id, NpgsqlDbType.Uuid); w.Write(x.FirstName); w.Write(x.LastName);
                if (x.Email is { } e) w.Write(e); else w.WriteNull();
                if (x.Phone is { } p) w.Write(p); else w.WriteNull();
                w.Write(x.Emails, NpgsqlDbType.Jsonb); w.Write(x.Phones, NpgsqlDbType.Jsonb); w.Write(x.Addresses, NpgsqlDbType.Jsonb);
                if (x.BirthDate is { } b) w.Write(b, NpgsqlDbType.Date); else w.WriteNull();
                if (x.JobTitle is { } j) w.Write(j); else w.WriteNull();
                w.Write(x.Social, NpgsqlDbType.Jsonb);
                if (x.OwnerId is { } o) w.Write(o, NpgsqlDbType.Uuid); else w.WriteNull();
                w.Write(x.Source); w.Write(x.Stage); w.Write(x.CustomFields, NpgsqlDbType.Jsonb); w.Write("{}", NpgsqlDbType.Jsonb);
                w.Write(x.CreatedAt, NpgsqlDbType.TimestampTz); w.Write(x.UpdatedAt, NpgsqlDbType.TimestampTz); w.Write(1L);
            }, n => progress($"contacts {n:N0}"), async () =>
            {
                await using (var w = await c.BeginBinaryImportAsync("COPY contact_tags (workspace_id, contact_id, tag) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (id, t) in tags) { await w.StartRowAsync(); w.Write(ws, NpgsqlDbType.Uuid); w.Write(id, NpgsqlDbType.Uuid); w.Write(t); }
                    await w.CompleteAsync();
                }
                await using (var w = await c.BeginBinaryImportAsync("COPY contact_accounts (workspace_id, contact_id, account_id, role, title, created_at) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (id, a, role, title, at) in links)
                    {
                        await w.StartRowAsync(); w.Write(ws, NpgsqlDbType.Uuid); w.Write(id, NpgsqlDbType.Uuid); w.Write(a, NpgsqlDbType.Uuid); w.Write(role);
                        if (title is null) w.WriteNull(); else w.Write(title);
                        w.Write(at, NpgsqlDbType.TimestampTz);
                    }
                    await w.CompleteAsync();
                }
                tags.Clear();
                links.Clear();
            });

        await CopyAsync(c, g.Interactions(), 500_000,
            "COPY interactions (workspace_id, id, contact_id, account_id, channel, direction, occurred_at, duration_seconds, subject, body, outcome, participants, created_by_user_id, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)",
            (w, x) =>
            {
                w.Write(ws, NpgsqlDbType.Uuid); w.Write(x.Id, NpgsqlDbType.Uuid); w.Write(x.ContactId, NpgsqlDbType.Uuid);
                if (x.AccountId is { } a) w.Write(a, NpgsqlDbType.Uuid); else w.WriteNull();
                w.Write(x.Channel); w.Write(x.Direction); w.Write(x.OccurredAt, NpgsqlDbType.TimestampTz);
                if (x.Duration is { } d) w.Write(d, NpgsqlDbType.Integer); else w.WriteNull();
                w.Write(x.Subject);
                if (x.Body is { } b) w.Write(b); else w.WriteNull();
                if (x.Outcome is { } o) w.Write(o); else w.WriteNull();
                w.Write("[]", NpgsqlDbType.Jsonb);
                if (x.CreatedBy is { } u) w.Write(u, NpgsqlDbType.Uuid); else w.WriteNull();
                w.Write(x.OccurredAt, NpgsqlDbType.TimestampTz); w.Write(x.OccurredAt, NpgsqlDbType.TimestampTz); w.Write(1L);
            }, n => progress($"interactions {n:N0}"));
        return total.Elapsed;
    }

    /// <summary>One COPY per chunk: each is one statement, so the search triggers index a chunk set-based.</summary>
    private static async Task CopyAsync<T>(NpgsqlConnection c, IEnumerable<T> rows, int chunk, string copy, Action<NpgsqlBinaryImporter, T> write,
        Action<int> progress, Func<Task>? afterChunk = null)
    {
        var n = 0;
        using var e = rows.GetEnumerator();
        var more = e.MoveNext();
        while (more)
        {
            await using (var w = await c.BeginBinaryImportAsync(copy))
            {
                w.Timeout = TimeSpan.FromHours(1);
                var inChunk = 0;
                while (more && inChunk < chunk)
                {
                    await w.StartRowAsync();
                    write(w, e.Current);
                    n++; inChunk++;
                    more = e.MoveNext();
                }
                await w.CompleteAsync();
            }
            if (afterChunk is not null) await afterChunk();
            progress(n);
        }
    }
}
