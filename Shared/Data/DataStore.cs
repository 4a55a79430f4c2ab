using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
            return new DataStore(StoreProvider.Postgres, WithPoolDefaults(configured!), sqliteFile);
        }
        return new DataStore(StoreProvider.Sqlite, configured ?? "", sqliteFile);
    }

    /// <summary>
    /// A PostgreSQL connection string with the pool's defaults for these apps, each applied only where the operator's
    /// string does not set it:
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=128; Auto Prepare Min Usages=2</c>: the apps run the same few hundred statements on
    /// every request, so each pooled connection keeps them prepared on the server rather than having PostgreSQL parse
    /// and plan each again (on the benchmark's two cores, code redemption went from ~205 to ~310 per second and
    /// userinfo from ~530 to ~1,000). EF Core names its columns, so a column another instance's migration adds does
    /// not change a prepared statement's result.</item>
    /// <item><c>No Reset On Close=true</c>: a connection goes back to the pool without <c>DISCARD ALL</c>, which the
    /// server would otherwise run before the connection's next command. Safe because neither app leaves session
    /// state on a pooled connection: no <c>SET</c>, no temporary table, no <c>LISTEN</c>; the start-up advisory lock
    /// (<see cref="StartupLock"/>) uses a connection of its own, unpooled.</item>
    /// </list>
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        // The keys as written (Npgsql's own builder answers every key it knows as present), spaces ignored as Npgsql does.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 128;
        }
        if (!given.Contains("AutoPrepareMinUsages"))
        {
            tuned.AutoPrepareMinUsages = 2;
        }
        if (!given.Contains("NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }
        return tuned.ConnectionString;
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
        // One SQLite file, one writer at a time: writers queue in process rather than sleep on SQLITE_BUSY. Each pooled
        // connection keeps a smaller page cache (SqliteConnectionTuning).
        return options.UseSqlite(services.GetRequiredService<DataFolder>().SqliteConnectionString(ConnectionString, SqliteFile))
            .AddInterceptors(services.GetRequiredService<SqliteWriteGate>(), services.GetRequiredService<SqliteConnectionTuning>())
            // EF Core's SQLite table rebuilds switch foreign keys off and on outside the migration's transaction (SQLite
            // ignores that PRAGMA inside one) and warn so on every new store: advice to whoever writes a migration, which
            // an operator starting the app can do nothing about.
            .ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));
    }
}
