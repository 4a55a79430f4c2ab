using Npgsql;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// The PostgreSQL server the store tests use, named by <see cref="Variable"/> (a connection string without a
/// database; <c>.ci/run</c> starts a server and sets it). Each test fixture gets a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SSOSUITE_TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    /// <summary>
    /// Why a PostgreSQL test is skipped, or null when it runs: it is skipped only without a server outside CI (in CI,
    /// a missing server fails it instead of hiding it).
    /// </summary>
    public static string? SkipReason => Server is null && Environment.GetEnvironmentVariable("CI") is null
        ? $"No PostgreSQL server: set {Variable} (e.g. Host=127.0.0.1;Port=5433;Username=postgres) or run ./run test, which starts one."
        : null;

    public static string NewDatabase() =>
        new NpgsqlConnectionStringBuilder(Server ?? throw new InvalidOperationException(
            $"{Variable} is not set: the PostgreSQL tests need a server (.ci/run starts one)."))
        {
            Database = "ssosuite_test_" + Guid.NewGuid().ToString("N")[..12],
        }.ConnectionString;

    public static void Drop(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
