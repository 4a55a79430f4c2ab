using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Data;

/// <summary>Applies migrations at start and, when enabled (the embedded default), seeds the demo data into an empty store.</summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<DemoOptions> demo, ILogger<DatabaseStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits: sign-ins never wait behind token writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        if (demo.Value.Seed && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await DemoAccounts.SeedAsync(scope.ServiceProvider, cancellationToken);
            logger.LogInformation("Demo data seeded: every demo password is {Password}", DemoAccounts.Password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
