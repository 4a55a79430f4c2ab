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
        builder.Services.AddMigrateAndSeed<BmsDbContext, DemoData>();
        return builder;
    }
}
