using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform;
using Rapport.Platform.Features;

namespace Rapport.Cli;

/// <summary>
/// What one command runs in: configuration (appsettings.json, appsettings.{Environment}.json,
/// environment variables, then --provider/--connection), the CRM's services from AddRapport (no
/// web host, no background jobs) and warnings logged to stderr. It also maps errors to exit codes
/// in one place: 2 for bad usage, 1 for a refused request or an unusable database.
/// </summary>
public sealed class CliHost : IAsyncDisposable
{
    public const int Ok = 0;
    public const int DomainError = 1;
    public const int UsageError = 2;

    private readonly ServiceProvider _services;

    private CliHost(ServiceProvider services, TextWriter stdout, TextWriter stderr)
    {
        _services = services;
        Out = stdout;
        Error = stderr;
    }

    public IServiceProvider Services => _services;
    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public DatabaseOptions Database => _services.GetRequiredService<DatabaseOptions>();

    /// <summary>Parses and runs; a parse error is reported here (not by System.CommandLine's default, which exits 1).</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync($"error: {error.Message}");
            await stderr.WriteLineAsync($"Run '{CommandPath(parse)} --help' for usage.");
            return UsageError;
        }
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        }, ct);
    }

    /// <summary>Builds the host for one command, runs it, and turns expected failures into a message and an exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions globals, CancellationToken ct, Func<CliHost, Task> work)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            await using var host = Build(parse, globals, stdout, stderr);
            await work(host);
            return Ok;
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return UsageError;
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
            foreach (var message in messages)
                await stderr.WriteLineAsync($"error: {field}: {message}");
            return DomainError;
        }
        catch (DomainException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return DomainError;
        }
        catch (Exception e) when (AsDatabaseError(e) is { } db)
        {
            await stderr.WriteLineAsync($"error: {DescribeDatabaseError(db)}");
            return DomainError;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled.");
            return DomainError;
        }
    }

    /// <summary>A scope acting as the system in an existing workspace (an unknown id is a NotFoundException).</summary>
    public async Task<(AsyncServiceScope Scope, WorkspaceDto Workspace)> EnterWorkspaceAsync(Guid workspaceId, CancellationToken ct)
    {
        var scope = _services.CreateAsyncScope();
        try
        {
            scope.ServiceProvider.GetRequiredService<RequestContext>().SetSystem(workspaceId);
            try
            {
                var workspace = await scope.ServiceProvider.GetRequiredService<GetWorkspace>().HandleAsync(ct);
                return (scope, workspace);
            }
            catch (NotFoundException)
            {
                throw new NotFoundException($"No workspace with id {workspaceId} exists in this database ({DescribeDatabase(Database)}).");
            }
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    public async Task<Migrator.Result> MigrateAsync(CancellationToken ct)
    {
        var result = await _services.GetRequiredService<Migrator>().MigrateAsync(ct);
        foreach (var name in result.Applied) await Out.WriteLineAsync($"Applied migration {name}.");
        return result;
    }

    /// <summary>Lowest to highest: appsettings.json, appsettings.{Environment}.json (current directory), environment variables, options.</summary>
    public static IConfiguration BuildConfiguration(string? provider, string? connection)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? "Production";
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(provider)) overrides["Database:Provider"] = provider;
        if (!string.IsNullOrEmpty(connection)) overrides["ConnectionStrings:Rapport"] = connection;
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>Where the data is, without the connection string's password.</summary>
    public static string DescribeDatabase(DatabaseOptions db)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
            return $"SQLite {new SqliteConnectionStringBuilder(db.ConnectionString).DataSource}";
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    private static CliHost Build(ParseResult parse, GlobalOptions globals, TextWriter stdout, TextWriter stderr)
    {
        var config = BuildConfiguration(parse.GetValue(globals.Provider), parse.GetValue(globals.Connection));
        try
        {
            // AddRapport would throw the same on first use; checked here so it reads as a usage error.
            DatabaseOptions.From(config);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new UsageException($"The database settings are not usable: {e.Message}");
        }
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddLogging(b => b
            // Warnings and up. EF logs a failing command or query as an error and then throws it;
            // the throw is reported once, as a one-line message, so that log (SQL, stack) is dropped.
            .AddFilter((category, level) => level >= LogLevel.Warning
                && !(level >= LogLevel.Error && category?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true))
            .AddProvider(new TextWriterLoggerProvider(stderr)));
        services.AddRapport(config);
        return new CliHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), stdout, stderr);
    }

    private static DbException? AsDatabaseError(Exception e) => e switch
    {
        DbException db => db,
        DbUpdateException { InnerException: DbException db } => db,
        _ => null,
    };

    private static string DescribeDatabaseError(DbException e) =>
        e is SqliteException { SqliteErrorCode: 1 } s && s.Message.Contains("no such table", StringComparison.Ordinal)
        || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }
            ? "The database has no Rapport tables yet: run 'rapport migrate' first."
            : $"The database could not be used: {e.Message}";

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
            names.Insert(0, c.Parent is null ? "rapport" : c.Command.Name);
        return string.Join(' ', names);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>Bad usage found after parsing (e.g. unusable database settings): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Log lines on the command's stderr, one per entry (the exception's message, not its stack).</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(writer, categoryName);
    public void Dispose() { }

    private sealed class Logger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}";
            if (exception is not null) line += $" ({exception.Message})";
            lock (writer) writer.WriteLine(line);
        }
    }
}
