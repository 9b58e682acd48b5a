using System.CommandLine;

namespace Rapport.Cli;

/// <summary>The options every command takes; they override configuration files and environment variables.</summary>
public sealed class GlobalOptions
{
    public Option<string> Connection { get; } = new("--connection")
    {
        Description = "Database connection string (overrides ConnectionStrings:Rapport). Default: Data Source=data/rapport.db",
        HelpName = "string",
        Recursive = true,
    };

    public Option<string> Provider { get; } = new Option<string>("--provider")
    {
        Description = "Database provider (overrides Database:Provider). Default: sqlite",
        Recursive = true,
    }.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "sqlite", "postgres");
}
