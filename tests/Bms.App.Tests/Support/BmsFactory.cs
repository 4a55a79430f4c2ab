using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Tests.Support;

/// <summary>
/// BMS in process (see <see cref="AppFactory{TEntryPoint}"/>), shared by the tests of a class: each test owns the
/// users it creates, the demo data is only read. Token requests are not rate limited unless a test says so.
/// </summary>
public sealed class BmsFactory : AppFactory<BmsApp>
{
    public const string Acme = "Acme IT";
    public const string Globex = "Globex Services";

    /// <summary>BMS with settings beyond the tests' defaults (another store's connection string).</summary>
    public static BmsFactory With(IDictionary<string, string?> settings)
    {
        var factory = new BmsFactory();
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }
        return factory;
    }

    /// <summary>Token requests a client address may make per minute (SPEC rule 12); none that a test reaches by default.</summary>
    public int TokenRequestsPerMinute { get; init; } = 100_000;

    /// <summary>Token requests per account per minute (SPEC rule 12).</summary>
    public int TokenRequestsPerAccountPerMinute { get; init; } = 100_000;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        Settings["RateLimits:TokenRequestsPerMinute"] = TokenRequestsPerMinute.ToString();
        Settings["RateLimits:TokenRequestsPerAccountPerMinute"] = TokenRequestsPerAccountPerMinute.ToString();
        base.ConfigureWebHost(builder);
    }

    /// <summary>The demo integrator's TOTP secret (Development settings).</summary>
    public string IntegratorSecret => Services.GetRequiredService<IConfiguration>()["Demo:IntegratorTotpSecret"]!;

    /// <summary>The code an authenticator shows for this secret now, or at the next step when this one's was used.</summary>
    public string NextCode(string base32Secret) => Authenticator.NextCode(base32Secret);

    public Task WithDbAsync(Func<BmsDbContext, IServiceProvider, Task> action) =>
        InScopeAsync(async services =>
        {
            await action(services.GetRequiredService<BmsDbContext>(), services);
            return true;
        });

    /// <summary>Adds an Employee with MFA configured to a tenant; returns its base32 secret.</summary>
    public async Task<string> AddMfaEmployeeAsync(string tenantName, string userName)
    {
        var secret = KeyGeneration.GenerateRandomKey(20);
        await Services.AddBmsUserAsync(tenantName, userName, totpSecret: secret);
        return Base32Encoding.ToString(secret);
    }
}
