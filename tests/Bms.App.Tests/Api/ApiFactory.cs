using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Tests.Api;

/// <summary>A clock the tests move by hand; it only goes forward.</summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}

/// <summary>
/// BMS in process on a fresh data folder seeded with the demo data, with a hand-moved clock and
/// (unless a test says otherwise) rate limits high enough never to interfere.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<BmsApp>
{
    public const string Password = "Demo!Pass2026";
    public const string Acme = "Acme IT";
    public const string Globex = "Globex Services";

    public ManualClock Clock { get; } = new();
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("bms-api-test-").FullName;
    private readonly int tokenRequestsPerMinute;
    private readonly int tokenRequestsPerAccountPerMinute;

    public ApiFactory(int tokenRequestsPerMinute = 100_000, int tokenRequestsPerAccountPerMinute = 100_000)
    {
        this.tokenRequestsPerMinute = tokenRequestsPerMinute;
        this.tokenRequestsPerAccountPerMinute = tokenRequestsPerAccountPerMinute;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", DataFolder);
        builder.UseSetting("RateLimits:SignInPostsPerMinute", "100000");
        builder.UseSetting("RateLimits:TokenRequestsPerMinute", tokenRequestsPerMinute.ToString());
        builder.UseSetting("RateLimits:TokenRequestsPerAccountPerMinute", tokenRequestsPerAccountPerMinute.ToString());
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public string IntegratorSecret => Services.GetRequiredService<IConfiguration>()["Demo:IntegratorTotpSecret"]!;

    /// <summary>Moves the clock to the next 30-second step and returns the code an authenticator shows then.</summary>
    public string NextCode(string base32Secret)
    {
        Clock.Advance(TimeSpan.FromSeconds(30));
        return new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(Clock.GetUtcNow().UtcDateTime);
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string tenant, string username, string password, string code) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { tenant, username, password, code });

    /// <summary>A token for the integrator (or another MFA employee), asserting success.</summary>
    public async Task<string> TokenAsync(HttpClient client, string tenant = Acme, string username = "integrator", string? secret = null)
    {
        var response = await RequestTokenAsync(client, tenant, username, Password, NextCode(secret ?? IntegratorSecret));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task WithDbAsync(Func<BmsDbContext, IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<BmsDbContext>(), scope.ServiceProvider);
    }

    /// <summary>Adds an Employee with MFA configured to a tenant; returns its base32 secret.</summary>
    public async Task<string> AddMfaEmployeeAsync(string tenantName, string userName)
    {
        var secret = KeyGeneration.GenerateRandomKey(20);
        await WithDbAsync(async (db, services) =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.NormalizedName == BmsTenant.Normalize(tenantName));
            var user = new BmsUser
            {
                TenantId = tenant.Id, UserName = userName, NormalizedUserName = BmsUser.Normalize(userName),
                Email = userName + "@example.test", DisplayName = userName, UserType = BmsUserType.Employee,
                CreatedAt = Clock.GetUtcNow(),
            };
            user.PasswordHash = services.GetRequiredService<IPasswordHasher<BmsUser>>().HashPassword(user, Password);
            user.TotpSecret = services.GetRequiredService<TotpSecretProtection<BmsUser>>().Protect(secret);
            db.Users.Add(user);
            await db.SaveChangesAsync();
        });
        return Base32Encoding.ToString(secret);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned up eventually.
            }
        }
    }
}
