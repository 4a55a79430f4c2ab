using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SsoSuite.Shared.Data;

/// <summary>
/// What <c>/health</c> says about the app's store: Unhealthy (503) when a query cannot be answered (PostgreSQL down or
/// out of reach, the SQLite file gone or unreadable), so that a load balancer takes the instance out and an operator sees
/// why; without it <c>/health</c> said Healthy through a database outage while every sign-in failed.
/// </summary>
/// <remarks>
/// One round trip on a connection of the app's own pool, through the bare connection rather than EF Core, so that a probe
/// every few seconds during an outage logs one line (the health check's, with the reason) and not EF Core's error and stack
/// trace. On SQLite the query reads the schema: <c>SELECT 1</c> alone never touches the file.
/// </remarks>
public sealed class StoreHealthCheck<TContext>(TContext db, DataStore store) : IHealthCheck
    where TContext : DbContext
{
    /// <summary>The longest a probe waits: a health check has to answer even when the network swallows the connection.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = store.IsPostgres ? "SELECT 1" : "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The store cannot be queried: {e.GetBaseException().Message}");
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
