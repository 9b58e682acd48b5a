using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Common;

namespace Rapport.Data;

/// <summary>
/// PostgreSQL refuses U+0000 in a text parameter and fails the whole command; a lookup with user
/// input (a name check before a save) would then be a 500. Every command is checked first, on both
/// engines, and such input is a 400. (SaveChanges checks earlier, naming the field.)
/// </summary>
public sealed class RefuseNulParameters : DbCommandInterceptor
{
    private static void Check(DbCommand command)
    {
        foreach (DbParameter p in command.Parameters)
            if (p.Value is string s && s.Contains('\0'))
                throw new ValidationFailedException("body", "Text must not contain the NUL character (U+0000).");
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Check(command); return result; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Check(command); return ValueTask.FromResult(result); }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    { Check(command); return result; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Check(command); return ValueTask.FromResult(result); }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    { Check(command); return result; }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Check(command); return ValueTask.FromResult(result); }
}
