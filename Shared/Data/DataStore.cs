using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Data;

/// <summary>Which database engine holds an app's store.</summary>
public enum StoreProvider
{
    /// <summary>The embedded default: one SQLite file in the data folder, one process.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server that several instances of the app share.</summary>
    Postgres,
}

/// <summary>
/// An app's store, chosen by <c>ConnectionStrings:Default</c>: a connection string naming a <c>Host</c> is
/// PostgreSQL (for several instances behind a proxy); anything else, or nothing, is the SQLite file
/// <paramref name="SqliteFile"/> in the data folder.
/// </summary>
public sealed record DataStore(StoreProvider Provider, string ConnectionString, string SqliteFile = "store.db")
{
    public bool IsPostgres => Provider == StoreProvider.Postgres;

    /// <summary>
    /// True when other processes may write the same store: what this process remembers in memory may then be stale,
    /// so an in-memory copy of a security decision (a live session, a client, a module URL) is used only while the
    /// store says nothing it depends on has changed since it was read (KaseyaOne's store generations).
    /// </summary>
    public bool IsSharedByInstances => IsPostgres;

    public static DataStore Resolve(IConfiguration configuration, string sqliteFile)
    {
        var configured = configuration.GetConnectionString("Default");
        if (IsPostgresConnectionString(configured))
        {
            // Parsed here so that a malformed string stops the app at start with Npgsql's own message.
            var postgres = new NpgsqlConnectionStringBuilder(configured);
            return new DataStore(StoreProvider.Postgres, postgres.ConnectionString, sqliteFile);
        }
        return new DataStore(StoreProvider.Sqlite, configured ?? "", sqliteFile);
    }

    public static bool IsPostgresConnectionString(string? connectionString) =>
        connectionString is not null
        && connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(part => part.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
                         || part.StartsWith("Server=", StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider's options for a context; the SQLite write gate queues writers on SQLite only.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, IServiceProvider services)
    {
        if (IsPostgres)
        {
            // No retrying execution strategy: a retry could not tell whether the first attempt's commit landed.
            return options.UseNpgsql(ConnectionString);
        }
        // One SQLite file, one writer at a time: writers queue in process rather than sleep on SQLITE_BUSY.
        return options.UseSqlite(services.GetRequiredService<DataFolder>().SqliteConnectionString(ConnectionString, SqliteFile))
            .AddInterceptors(services.GetRequiredService<SqliteWriteGate>());
    }
}
