using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SsoSuite.Shared.Data;

/// <summary>
/// A query on a hot path, compiled once instead of translated on every call: EF Core otherwise walks the query's
/// expression tree to pull out its parameters and to find the translation in its cache, every time. A compiled
/// query may only run against the model it was compiled for, and one process can hold the SQLite and the PostgreSQL
/// model side by side (the tests do), so it is compiled once per model.
/// </summary>
public sealed class CompiledStoreQuery<TContext, TParam, TResult>(Expression<Func<TContext, TParam, CancellationToken, TResult>> query)
    where TContext : DbContext
{
    private readonly ConditionalWeakTable<IModel, Func<TContext, TParam, CancellationToken, Task<TResult>>> compiled = [];

    public Task<TResult> RunAsync(TContext db, TParam parameter, CancellationToken ct) =>
        compiled.GetValue(db.Model, _ => EF.CompileAsyncQuery(query))(db, parameter, ct);
}
