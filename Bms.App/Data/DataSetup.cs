using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.Data;

public static class DataSetup
{
    /// <summary>
    /// The store (<c>ConnectionStrings:Default</c>): the SQLite file by default, PostgreSQL for a <c>Host=…</c>
    /// string; migrated and seeded at start by one instance at a time.
    /// </summary>
    public static WebApplicationBuilder AddBmsData(this WebApplicationBuilder builder)
    {
        var dataFolder = DataFolder.Resolve(builder.Configuration, builder.Environment);
        var store = builder.Services.AddDataStore<BmsDbContext>(DataStore.Resolve(builder.Configuration, dataFolder, "bms.db"));
        if (store.IsPostgres)
        {
            builder.Services.AddDbContext<BmsDbContext, PostgresBmsDbContext>((services, options) => store.Configure(options, services));
        }
        else
        {
            builder.Services.AddDbContext<BmsDbContext>((services, options) => store.Configure(options, services));
        }
        builder.Services.AddSingleton<IStoreStartupStep, DemoDataSeed>();
        return builder;
    }
}

/// <summary>When enabled (the embedded default), seeds the demo data into an empty store, once, after migrations.</summary>
public sealed class DemoDataSeed(IConfiguration configuration, ILogger<DemoDataSeed> logger) : IStoreStartupStep
{
    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<BmsDbContext>();
        if (configuration.GetValue<bool>("Demo:Seed") && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await DemoData.SeedAsync(services, configuration, cancellationToken);
            logger.LogInformation("BMS demo data seeded: every demo password is {Password}", DemoData.Password);
        }
    }
}
