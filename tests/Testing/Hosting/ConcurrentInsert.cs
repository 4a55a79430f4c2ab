using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// Stands in for a concurrent request that wins a race to the same row: just before the first SaveChanges in this test
/// process that is about to insert a <typeparamref name="TEntity"/> matching <c>match</c>, <c>competitor</c> stores its
/// own row first, once. The request under test then meets the unique index as the loser of a real race would.
/// </summary>
public sealed class ConcurrentInsert<TEntity> : IDisposable where TEntity : class
{
    private readonly EfCoreEvents events;
    private int ran;

    public ConcurrentInsert(Func<TEntity, bool> match, Func<Task> competitor) =>
        events = EfCoreEvents.Observe(CoreEventId.SaveChangesStarting, data =>
        {
            if (data is DbContextEventData { Context: { } db }
                && db.ChangeTracker.Entries<TEntity>().Any(e => e.State == EntityState.Added && match(e.Entity))
                && Interlocked.Exchange(ref ran, 1) == 0)
            {
                competitor().GetAwaiter().GetResult();
            }
        });

    /// <summary>Whether the competitor stored its row (the race happened).</summary>
    public bool Ran => Volatile.Read(ref ran) == 1;

    public void Dispose() => events.Dispose();
}
