using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// <c>/health</c> (both apps, <c>StoreHealthCheck</c>): Healthy while the store answers, 503 Unhealthy once it cannot, which
/// is what takes an instance out of a load balancer. It used to answer Healthy through a database outage.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_IsHealthyWhileTheStoreAnswers_AndUnhealthyOnceItCannot()
    {
        await using var factory = IdentityFactory.On(null);
        using var client = factory.CreateClient();
        var healthy = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());

        // The SQLite file's folder gone, as a lost volume would take it: no pooled connection can hide that.
        SqliteConnection.ClearAllPools();
        Directory.Delete(factory.DataFolder, recursive: true);
        var unhealthy = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
    }
    /// <summary>
    /// A PostgreSQL restart (or failover, or an administrator ending sessions) cuts every connection the app's pool holds.
    /// The app learns it from the first request that uses one, which fails (it is not retried: a retry cannot tell
    /// whether a write landed); Npgsql then drops the pool's other connections, so the requests after it are answered on
    /// new ones instead of each failing on one more cut connection.
    /// </summary>
    [PostgresFact]
    public async Task Operations_AfterTheDatabaseServerCutsEveryConnectionAtMostOneRequestFails()
    {
        var database = TestPostgres.NewDatabase();
        try
        {
            await using var factory = IdentityFactory.On(null, new Dictionary<string, string?> { ["ConnectionStrings:Default"] = database });
            using var client = factory.CreateClient();
            // Several requests at once leave several connections in the pool.
            var warm = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/health")));
            Assert.All(warm, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            Assert.True(await BackendsOfAsync(database) > 1, "The pool holds more than one connection.");

            await TerminateBackendsOfAsync(database);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 8; i++)
            {
                statuses.Add((await client.GetAsync("/health")).StatusCode);
            }

            Assert.True(statuses.Count(status => status != HttpStatusCode.OK) <= 1, "Answers after the cut: " + string.Join(", ", statuses));
            Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        }
        finally
        {
            TestPostgres.Drop(database);
        }
    }

    private static async Task<long> BackendsOfAsync(string database) =>
        (long)(await AdminCommandAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = @database", database))!;

    /// <summary>What a server restart does to the app's connections: the server ends each one (57P01).</summary>
    private static Task<object?> TerminateBackendsOfAsync(string database) =>
        AdminCommandAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database", database);

    private static async Task<object?> AdminCommandAsync(string sql, string database)
    {
        var target = new NpgsqlConnectionStringBuilder(database);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("database", target.Database!);
        return await command.ExecuteScalarAsync();
    }
}
