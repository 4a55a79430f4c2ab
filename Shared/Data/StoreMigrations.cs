using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace SsoSuite.Shared.Data;

/// <summary>
/// Applies a context's migrations so that a first start on an empty PostgreSQL server logs no error where nothing is
/// wrong. Npgsql's migrator reads the migrations history before anything else, and EF Core logs a failed connection or
/// command at Error level even when its caller expects the failure and carries on: where the database does not exist
/// yet, that read logs a failed connection; where this context's history table does not exist yet (the key ring's,
/// beside the app's), a failed SELECT. So the database is created first, over the server's maintenance database, then
/// the history table (CREATE TABLE IF NOT EXISTS), and only then does EF Core migrate. SQLite needs neither: the file is
/// created when it is opened, and EF Core asks sqlite_master whether the history table exists before reading it.
/// </summary>
public static class StoreMigrations
{
    /// <summary>The server's maintenance database, which exists on every PostgreSQL server.</summary>
    private const string MaintenanceDatabase = "postgres";

    public static async Task ApplyAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await CreateDatabaseIfMissingAsync(db.Database.GetConnectionString()!, cancellationToken);
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// The same server's maintenance database, unpooled: what is done there (creating a database, holding the start-up
    /// lock) is done once per start, and a pooled connection would stay open, idle, for the life of the process.
    /// </summary>
    internal static string MaintenanceConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = MaintenanceDatabase, Pooling = false }.ConnectionString;

    private static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken ct)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(database))
        {
            // Npgsql then connects to the database named after the user, which is the server owner's to create.
            return;
        }
        await using var connection = new NpgsqlConnection(MaintenanceConnectionString(connectionString));
        await connection.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection))
        {
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(ct) is true)
            {
                return;
            }
        }
        // CREATE DATABASE takes no parameters (and cannot run in a transaction, so it runs on its own): the name, from
        // the operator's connection string, is quoted as an identifier, so that it can only ever name a database.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it between our check and our CREATE (two starting together without the start-up
            // lock, e.g. beside a create-admin run): it exists, which is all this wanted. The unique violation is the
            // same race lost a moment later, on pg_database's name index.
        }
    }
}
