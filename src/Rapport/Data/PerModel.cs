using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Rapport.Data;

/// <summary>
/// An EF compiled query, compiled once per model. EF binds a compiled query to the first model it
/// runs against and throws for any other, and one process can hold several models: the tests run
/// SQLite and PostgreSQL side by side.
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
