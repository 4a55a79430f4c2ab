using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.Data;

public static class DataSetup
{
    /// <summary>The SQLite store (<c>ConnectionStrings:Default</c>), migrated and seeded at start.</summary>
    public static WebApplicationBuilder AddBmsData(this WebApplicationBuilder builder)
    {
        var dataFolder = DataFolder.Resolve(builder.Configuration, builder.Environment);
        var connectionString = dataFolder.SqliteConnectionString(builder.Configuration.GetConnectionString("Default"), "bms.db");
        builder.Services.AddSingleton<SqliteWriteGate>();
        // One SQLite file, one writer at a time: writers queue in process rather than sleep on SQLITE_BUSY.
        builder.Services.AddDbContext<BmsDbContext>((services, options) =>
            options.UseSqlite(connectionString).AddInterceptors(services.GetRequiredService<SqliteWriteGate>()));
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }
}

/// <summary>Applies migrations at start and, when enabled (the embedded default), seeds the demo data into an empty store.</summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BmsDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        if (configuration.GetValue<bool>("Demo:Seed") && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await DemoData.SeedAsync(scope.ServiceProvider, configuration, cancellationToken);
            logger.LogInformation("BMS demo data seeded: every demo password is {Password}", DemoData.Password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
