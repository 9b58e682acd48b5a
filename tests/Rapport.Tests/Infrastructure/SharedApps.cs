using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// One <see cref="RapportApp"/> per provider, created on first use and shared by every test of a
/// class (a class fixture: see <see cref="SharedAppTests"/>). Sign-up stays open, so each test
/// creates its own workspace (<c>app.SignUpAsync</c>, a unique e-mail each time): workspaces
/// keep the tests apart, as they keep customers apart. A test that moves the clock, needs other
/// settings, restarts the host or depends on an empty instance (first run, counts over the whole
/// database) builds its own <c>new RapportApp(provider, …)</c> instead.
/// </summary>
public sealed class SharedApps : IAsyncLifetime
{
    /// <summary>
    /// Settings of every shared host: sign-up open, since every test signs up a workspace; the
    /// public form's per-IP limit out of the way, since every test's requests come from one address
    /// (the limit itself has its own test, on its own host).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Rapport:AllowSignup"] = "true",
        ["RateLimits:FormSubmissionsPerMinute"] = "10000",
    };

    private readonly Lazy<RapportApp> _sqlite = new(() => Start(DatabaseProvider.Sqlite));
    private readonly Lazy<RapportApp> _postgres = new(() => Start(DatabaseProvider.Postgres));

    public RapportApp For(DatabaseProvider provider) => (provider == DatabaseProvider.Sqlite ? _sqlite : _postgres).Value;

    /// <summary>The hosts created so far.</summary>
    public IEnumerable<RapportApp> Started => new[] { _sqlite, _postgres }.Where(l => l.IsValueCreated).Select(l => l.Value);

    private static RapportApp Start(DatabaseProvider provider)
    {
        var app = new RapportApp(provider, new Dictionary<string, string?>(Settings));
        // Start it now (host, DI, EF model), before the test's first request.
        // On the thread pool: the caller blocks, and xunit's synchronization context must not be needed to finish it.
        Task.Run(async () =>
        {
            using var client = app.CreateClient();
            (await client.GetAsync("/health/ready")).Dispose();
        }).GetAwaiter().GetResult();
        return app;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in Started.ToList()) await app.DisposeAsync();
    }
}

/// <summary>
/// Base class for tests that only need a fresh workspace: <c>App(provider)</c> is the class's
/// shared host for that provider (do not dispose it). After each test, any 5xx the host answered
/// fails that test, as a test's own host does when it is disposed. To adopt it:
/// <code>public class FooTests(SharedApps apps) : SharedAppTests(apps)</code> and
/// <c>var app = App(provider);</c> in place of <c>await using var app = new RapportApp(provider);</c>.
/// </summary>
public abstract class SharedAppTests(SharedApps apps) : IClassFixture<SharedApps>, IAsyncLifetime
{
    protected RapportApp App(DatabaseProvider provider) => apps.For(provider);

    public Task InitializeAsync()
    {
        foreach (var app in apps.Started) app.TakeServerErrors(); // a previous test's are its own
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        var errors = apps.Started.SelectMany(a => a.TakeServerErrors()).ToList();
        if (errors.Count > 0)
            throw new Xunit.Sdk.XunitException("The server answered with a 5xx:\n" + string.Join("\n", errors));
        return Task.CompletedTask;
    }
}
