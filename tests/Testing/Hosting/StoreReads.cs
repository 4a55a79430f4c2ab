using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// Counts the queries that read one table of one database, as EF Core reports them, from every app in this test
/// process: enough to tell an answer from memory from one read from the store. Only queries against the database the
/// connection string names count, so tests on other databases running at the same time do not.
/// </summary>
public sealed class StoreReads : IDisposable
{
    private readonly EfCoreEvents events;
    private int count;

    private StoreReads(string database, string table)
    {
        var from = $"FROM \"{table}\"";
        events = EfCoreEvents.Observe(RelationalEventId.CommandExecuted, data =>
        {
            if (data is CommandExecutedEventData { Command: { } command }
                && command.Connection?.Database == database
                && command.CommandText.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains(from, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        });
    }

    /// <summary>Starts counting the reads of <paramref name="table"/> in the PostgreSQL database <paramref name="connectionString"/> names.</summary>
    public static StoreReads Of(string table, string connectionString) =>
        new(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!, table);

    public int Count => Volatile.Read(ref count);

    public void Dispose() => events.Dispose();
}
