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
        builder.Services.AddMigrateAndSeed<BmsDbContext, DemoData>(builder.Configuration);
        return builder;
    }
}

/// <summary>The demo data's settings in BMS: also the integrator's known TOTP secret, so the API can be tried at once.</summary>
public sealed class BmsDemoOptions : DemoOptions
{
    public string? IntegratorTotpSecret { get; set; }
}
