using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Data;

public static class DataSetup
{
    /// <summary>The SQLite store (<c>ConnectionStrings:Default</c>), migrated and seeded at start.</summary>
    public static WebApplicationBuilder AddIdentityData(this WebApplicationBuilder builder)
    {
        var dataFolder = DataFolder.Resolve(builder.Configuration, builder.Environment);
        var connectionString = dataFolder.SqliteConnectionString(builder.Configuration.GetConnectionString("Default"), "identity.db");
        builder.Services.AddSingleton<SqliteWriteGate>();
        builder.Services.AddSingleton<SqliteConnectionTuning>();
        // Pooled: every request that touches the store (each token request looks its client up) reuses a
        // context instead of building one with its services and options anew.
        builder.Services.AddDbContextPool<IdentityDbContext>((services, options) =>
        {
            options.UseSqlite(connectionString);
            // One SQLite file, one writer at a time: writers queue in process rather than sleep on SQLITE_BUSY.
            options.AddInterceptors(services.GetRequiredService<SqliteWriteGate>(), services.GetRequiredService<SqliteConnectionTuning>());
            options.UseOpenIddict();
        });
        builder.Services.AddMigrateAndSeed<IdentityDbContext, DemoAccounts>();
        return builder;
    }
}
