using System.Reflection;
using Rapport.Data;
using Xunit.Sdk;

namespace Rapport.Tests.Infrastructure;

/// <summary>A theory row that runs the test on SQLite (always).</summary>
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DatabaseProvider.Sqlite]];
}

/// <summary>
/// A theory row that runs the test on PostgreSQL when RAPPORT_TEST_POSTGRES holds a connection
/// string to a server (a database per test is created there); otherwise the row is reported as
/// skipped with the reason, never silently dropped.
/// </summary>
public sealed class PostgresDataAttribute : DataAttribute
{
    public const string SkipReason = "PostgreSQL tests are off: set RAPPORT_TEST_POSTGRES to a connection string (CI does).";

    public PostgresDataAttribute()
    {
        if (!TestDatabase.PostgresAvailable) Skip = SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DatabaseProvider.Postgres]];
}
