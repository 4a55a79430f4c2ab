using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Data;

public static class DataSetup
{
    /// <summary>
    /// The store (<c>ConnectionStrings:Default</c>): the SQLite file by default, PostgreSQL for a <c>Host=…</c>
    /// string; migrated and seeded at start by one instance at a time.
    /// </summary>
    public static WebApplicationBuilder AddBmsData(this WebApplicationBuilder builder)
    {
        var store = builder.Services.AddDataStore(DataStore.Resolve(builder.Configuration, "bms.db"));
        // Pooled, as KaseyaOne's: every page and API call that touches the store reuses a context instead of building
        // one with its services anew (about 4.5 % of BMS's CPU during sign-ins through KaseyaOne went to that).
        if (store.IsPostgres)
        {
            builder.Services.AddDbContextPool<BmsDbContext, PostgresBmsDbContext>((services, options) => store.Configure(options, services));
        }
        else
        {
            builder.Services.AddDbContextPool<BmsDbContext>((services, options) => store.Configure(options, services));
        }
        builder.Services.AddOptions<BmsDemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section))
            .Validate(o => o.IntegratorTotpSecret is null || TotpCodes.FromBase32(o.IntegratorTotpSecret) is not null,
                "Demo:IntegratorTotpSecret must be a base32 secret of 16 to 128 characters.")
            .ValidateOnStart();
        builder.Services.AddMigrateAndSeed<BmsDbContext, DemoData>(builder.Configuration);
        return builder;
    }
}

/// <summary>The demo data's settings in BMS: also the integrator's known TOTP secret, so the API can be tried at once.</summary>
public sealed class BmsDemoOptions : DemoOptions
{
    public string? IntegratorTotpSecret { get; set; }
}
