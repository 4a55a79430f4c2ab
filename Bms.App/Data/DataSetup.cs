using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Data;

public static class DataSetup
{
    /// <summary>The SQLite store (<c>ConnectionStrings:Default</c>), migrated and seeded at start.</summary>
    public static WebApplicationBuilder AddBmsData(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Default");
        builder.Services.AddSingleton<SqliteWriteGate>();
        // One SQLite file, one writer at a time: writers queue in process rather than sleep on SQLITE_BUSY.
        builder.Services.AddDbContext<BmsDbContext>((services, options) => options
            .UseSqlite(services.GetRequiredService<DataFolder>().SqliteConnectionString(configured, "bms.db"))
            .AddInterceptors(services.GetRequiredService<SqliteWriteGate>()));
        builder.Services.AddOptions<BmsDemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section))
            .Validate(o => o.IntegratorTotpSecret is null || TotpCodes.FromBase32(o.IntegratorTotpSecret) is not null,
                "Demo:IntegratorTotpSecret must be a base32 secret of 16 to 128 characters.")
            .ValidateOnStart();
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }
}

/// <summary>Applies migrations at start and, when enabled (the embedded default), seeds the demo data into an empty store.</summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<BmsDemoOptions> demo, ILogger<DatabaseStartup> logger) : IHostedService
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
        if (demo.Value.Seed && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await DemoData.SeedAsync(scope.ServiceProvider, demo.Value, cancellationToken);
            logger.LogInformation("BMS demo data seeded: every demo password is {Password}", DemoData.Password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The demo data's settings in BMS: also the integrator's known TOTP secret, so the API can be tried at once.</summary>
public sealed class BmsDemoOptions : DemoOptions
{
    public string? IntegratorTotpSecret { get; set; }
}
