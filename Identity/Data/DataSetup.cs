using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Data;

public static class DataSetup
{
    /// <summary>
    /// The store (<c>ConnectionStrings:Default</c>): the SQLite file by default, PostgreSQL for a <c>Host=…</c>
    /// string; migrated and seeded at start by one instance at a time.
    /// </summary>
    public static WebApplicationBuilder AddIdentityData(this WebApplicationBuilder builder)
    {
        var store = builder.Services.AddDataStore(DataStore.Resolve(builder.Configuration, "identity.db"));
        builder.Services.AddScoped<StoreGenerations>();
        // Pooled: every request that touches the store (each token request looks its client up) reuses a
        // context instead of building one with its services and options anew.
        if (store.IsPostgres)
        {
            builder.Services.AddDbContextPool<IdentityDbContext, PostgresIdentityDbContext>((services, options) =>
                store.Configure(options, services).UseOpenIddict());
        }
        else
        {
            builder.Services.AddDbContextPool<IdentityDbContext>((services, options) =>
                store.Configure(options, services).UseOpenIddict());
        }
        builder.Services.AddMigrateAndSeed<IdentityDbContext, DemoAccounts>(builder.Configuration);
        return builder;
    }
}
