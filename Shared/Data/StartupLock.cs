using Npgsql;

namespace SsoSuite.Shared.Data;

/// <summary>
/// Start-up work on a shared store (migrations, demo data, client registration, key creation) done by one
/// instance at a time: a PostgreSQL session-level advisory lock, so that two instances starting together do
/// not both create the keys or both seed. A crashed holder releases it with its connection. On SQLite, which
/// one process owns, there is nothing to take.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    private readonly NpgsqlConnection? connection;
    private readonly long key;

    private StartupLock(NpgsqlConnection? connection, long key)
    {
        this.connection = connection;
        this.key = key;
    }

    public static async Task<StartupLock> AcquireAsync(DataStore store, string name, CancellationToken ct)
    {
        if (!store.IsPostgres)
        {
            return new StartupLock(null, 0);
        }
        // Taken in the server's maintenance database, since the app's own may not exist yet (the lock's holder
        // creates it, StoreMigrations); the key names that database, so that apps on other databases do not wait for
        // each other. Unpooled: closing a pooled connection would keep its session, and the lock with it, alive in the pool.
        var target = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        var key = KeyOf(name + "@" + target.Database);
        var connection = new NpgsqlConnection(StoreMigrations.MaintenanceConnectionString(store.ConnectionString));
        try
        {
            await connection.OpenAsync(ct);
            // No command timeout: the wait lasts as long as the other instance's migrations and seeding, however slow.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(ct);
            return new StartupLock(connection, key);
        }
        catch
        {
            // Not taken (no server, refused, a stop during the wait): the connection is closed, not left to the finalizer.
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable 64-bit key for a lock name (the same in every instance and every build).</summary>
    internal static long KeyOf(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return BitConverter.ToInt64(hash, 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is null)
        {
            return;
        }
        await using (connection)
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync();
        }
    }
}
