using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// The real server (Program) in memory on a fresh database of the given provider. Extra settings
/// override appsettings (e.g. rate limits, the outbox switch).
/// </summary>
public sealed class RapportApp : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; }
    public TestClock Clock { get; } = new();
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDatabase;

    public RapportApp(DatabaseProvider provider, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : this(TestDatabase.CreateMigrated(provider), settings, services, ownsDatabase: true) { }

    /// <summary>On an existing database (e.g. a second instance, or a restart); the caller disposes the database.</summary>
    public RapportApp(TestDatabase database, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool ownsDatabase = false)
    {
        Database = database;
        _services = services;
        _ownsDatabase = ownsDatabase;
        _settings = database.Settings();
        // Tests sign in far more often than a person; the limit itself has its own test.
        _settings["RateLimits:SignInPerMinute"] = "10000";
        _settings["Outbox:PollIntervalMs"] = "100";
        // Keep test output readable: EF's SQL log only when something is wrong.
        _settings["Logging:LogLevel:Default"] = "Warning";
        _settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical";
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ServerErrorRecorder(_serverErrors));
            _services?.Invoke(s);
        });
    }

    /// <summary>Runs code in a DI scope acting as the system in one workspace.</summary>
    public async Task<T> InWorkspaceAsync<T>(Guid workspaceId, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
        return await work(scope.ServiceProvider);
    }

    public sealed record SignedUp(Guid WorkspaceId, Guid UserId, string ApiKey, string Email, string Password);

    /// <summary>Creates a workspace (with its owner and owner key) through the public sign-up API.</summary>
    public async Task<SignedUp> SignUpAsync(string workspaceName = "Acme", string? email = null, string password = "correct horse battery")
    {
        email ??= $"owner-{Guid.NewGuid():N}@example.com";
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/signup", new { workspaceName, name = "Olivia Owner", email, password });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<SignUpBody>())!;
        return new SignedUp(body.WorkspaceId, body.UserId, body.ApiKey, email, password);
    }

    private sealed record SignUpBody(Guid WorkspaceId, Guid UserId, string ApiKey);

    public HttpClient ApiClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _serverErrors = new();

    /// <summary>The 5xx answers since the last call (a shared host checks them after each test, see <see cref="SharedAppTests"/>).</summary>
    public List<string> TakeServerErrors()
    {
        var taken = new List<string>();
        while (_serverErrors.TryDequeue(out var e)) taken.Add(e);
        return taken;
    }

    /// <summary>Any request that ended in a 5xx fails the test that made it: bad input must be a 4xx, never a 500.</summary>
    private sealed class ServerErrorRecorder(System.Collections.Concurrent.ConcurrentQueue<string> errors) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (Microsoft.AspNetCore.Http.HttpContext http, Func<Task> call) =>
            {
                await call();
                if (http.Response.StatusCode >= 500) errors.Enqueue($"{http.Request.Method} {http.Request.Path} → {http.Response.StatusCode}");
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
        if (!_serverErrors.IsEmpty)
            throw new Xunit.Sdk.XunitException("The server answered with a 5xx:\n" + string.Join("\n", _serverErrors));
    }
}
