using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SsoSuite.Shared.Data;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// Counts the queries that read one table of one database, as EF Core reports them, from every app in this test
/// process: enough to tell an answer from memory from one read from the store. Only queries against the store the
/// connection string names (a PostgreSQL database, a SQLite file) count, so tests on other stores running at the same
/// time do not.
/// </summary>
public sealed class StoreReads : IDisposable
{
    private readonly EfCoreEvents events;
    private int count;

    private StoreReads(Func<DbConnection, bool> ofTheStore, string table)
    {
        var from = $"FROM \"{table}\"";
        events = EfCoreEvents.Observe(RelationalEventId.CommandExecuted, data =>
        {
            if (data is CommandExecutedEventData { Command: { Connection: { } connection } command }
                && ofTheStore(connection)
                && command.CommandText.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains(from, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        });
    }

    /// <summary>Starts counting the reads of <paramref name="table"/> in the store <paramref name="connectionString"/> names.</summary>
    public static StoreReads Of(string table, string connectionString)
    {
        if (DataStore.IsPostgresConnectionString(connectionString))
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
            return new(connection => connection.Database == database, table);
        }
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        return new(connection => connection is SqliteConnection sqlite
                                 && Path.GetFullPath(new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource) == file, table);
    }

    public int Count => Volatile.Read(ref count);

    public void Dispose() => events.Dispose();
}
