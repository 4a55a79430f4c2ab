using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Shared.Data;

/// <summary>
/// Several SaveChanges that belong together in one transaction: on SQLite inside the process's write gate (one
/// writer at a time, one flush to disk), on PostgreSQL a plain transaction (row locks there keep two instances
/// apart: a code redeemed at two instances at once is marked redeemed by one of them).
/// </summary>
public sealed class StoreTransactions(DataStore store, SqliteWriteGate gate)
{
    public async Task InTransactionAsync(DbContext db, Func<Task> work, CancellationToken ct)
    {
        if (!store.IsPostgres)
        {
            await gate.InTransactionAsync(db, work, ct);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await work();
        // Not cancelled half way: once the work is done, its writes commit together or not at all.
        await transaction.CommitAsync(CancellationToken.None);
    }
}
