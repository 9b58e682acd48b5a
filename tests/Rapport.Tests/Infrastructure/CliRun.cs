using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>Runs the <c>rapport</c> CLI in-process against a test database, output captured.</summary>
public static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(TestDatabase db, params string[] args)
    {
        string[] all = [.. args, "--provider", db.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres", "--connection", db.ConnectionString];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Rapport.Cli.Program.RunAsync(all, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
