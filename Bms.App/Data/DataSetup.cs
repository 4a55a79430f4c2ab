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
        var store = builder.Services.AddDataStore(DataStore.Resolve(builder.Configuration, dataFolder, "bms.db"));
        if (store.IsPostgres)
        {
            builder.Services.AddDbContext<BmsDbContext, PostgresBmsDbContext>((services, options) => store.Configure(options, services));
        }
        else
        {
            builder.Services.AddDbContext<BmsDbContext>((services, options) => store.Configure(options, services));
        }
        builder.Services.AddMigrateAndSeed<BmsDbContext, DemoData>();
        return builder;
    }
}
