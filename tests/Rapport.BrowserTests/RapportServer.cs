using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Rapport.BrowserTests;

/// <summary>
/// The real app on a loopback port with its own fresh SQLite file, plus one headless Chromium.
/// Nothing starts unless browser tests are enabled, so a skipped run costs nothing.
/// </summary>
public abstract class RapportServer : IAsyncLifetime
{
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"rapport-browser-{Guid.NewGuid():N}.db");
    private Factory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Lets the tests create a workspace each through the sign-up API (otherwise only the first run may).</summary>
    protected abstract bool AllowSignup { get; }

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Browser tests are not enabled.");

    public async Task InitializeAsync()
    {
        if (!BrowserFactAttribute.Enabled) return;
        Assertions.SetDefaultExpectTimeout(15_000); // Playwright's 5 s assumes an idle machine
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Rapport"] = $"Data Source={_dbFile}",
            ["RateLimits:SignInPerMinute"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            ["Rapport:AllowSignup"] = AllowSignup ? "true" : "false",
        };
        _factory = new Factory(settings);
        _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        await WarmUpAsync();
    }

    /// <summary>
    /// The first request to a new server (Razor components, EF's model, static files) and Chromium's
    /// first page are slow, and on a busy machine slower than a test's timeout: they happen here, with
    /// minutes to spare, before any test starts its clock. Only GETs, so no state changes.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using (var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(3) })
            foreach (var path in new[] { "/signin", "/css/app.css", "/js/app.js", "/lib/htmx/htmx.min.js", "/health/ready" })
                (await http.GetAsync(path)).Dispose();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin", new PageGotoOptions { Timeout = 180_000 });
        await context.CloseAsync();
    }

    /// <summary>A fresh browser context (its own cookies) and page on the app.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        // Generous: CI shares two cores with PostgreSQL and the other test assembly.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // hx-confirm
        return page;
    }

    public sealed record Account(string WorkspaceName, string Name, string Email, string Password, string ApiKey);

    /// <summary>A new workspace and its owner through the public sign-up API.</summary>
    public async Task<Account> SignUpAsync(string workspaceName = "Acme")
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery";
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/v1/signup", new { workspaceName, name = "Olivia Owner", email, password });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<SignUpBody>())!;
        return new Account(workspaceName, "Olivia Owner", email, password, body.ApiKey);
    }

    private sealed record SignUpBody(string ApiKey);

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(_dbFile + suffix); } catch (IOException) { }
    }

    private sealed class Factory(Dictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
        }
    }
}

/// <summary>A server on an empty database: the first-run sign-up is open.</summary>
public sealed class FirstRunServer : RapportServer
{
    protected override bool AllowSignup => false;
}

/// <summary>
/// A server where each test creates its own workspace, so tests stay independent. One for all the
/// browser tests in <see cref="SharedServerCollection"/>: one Kestrel, one Chromium, warmed once.
/// </summary>
public sealed class SharedServer : RapportServer
{
    protected override bool AllowSignup => true;
}

/// <summary>
/// The browser tests that only need a workspace of their own: one server and one Chromium for all
/// of them (<c>[Collection(SharedServerCollection.Name)]</c>), each test its own browser context.
/// They run one after the other, which two cores can keep up with; tests that need an empty
/// database (first run) keep a server of their own (<c>IClassFixture&lt;FirstRunServer&gt;</c>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServer>
{
    public const string Name = "Shared browser server";
}
