using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>Builds matching companies on both sides beside the demo data, so a test can own a pair.</summary>
public static class SuiteData
{
    public static Task<T> BmsDbAsync<T>(this SuiteHosts hosts, Func<BmsDbContext, Task<T>> action) =>
        hosts.BmsApp.InScopeAsync(services => action(services.GetRequiredService<BmsDbContext>()));

    public static Task<T> K1DbAsync<T>(this SuiteHosts hosts, Func<IdentityDbContext, Task<T>> action) =>
        hosts.Identity.InScopeAsync(services => action(services.GetRequiredService<IdentityDbContext>()));

    /// <summary>An admin of "{name} IT" moves the slider to the right and signs in at KaseyaOne as the admin of "{name} MSP".</summary>
    public static async Task<Page> EnableAsync(FormBrowser browser, string bmsCompany, string bmsAdmin, string k1Company, string k1Admin)
    {
        await browser.LogInToBmsAsync(bmsCompany, bmsAdmin);
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        var k1Login = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "true" });
        return await browser.SignInAsync(k1Company, k1Admin, startAt: k1Login);
    }

    /// <summary>A K1 company "{name} MSP" and a BMS company "{name} IT", each with an admin "{user}" of the same email.</summary>
    public static async Task CreatePairAsync(this SuiteHosts hosts, string name, string user)
    {
        var email = $"{user}@{name.ToLowerInvariant()}.example";
        await hosts.K1DbAsync(db =>
        {
            db.Tenants.Add(new K1Tenant { Name = name + " MSP", NormalizedName = K1Tenant.Normalize(name + " MSP") });
            return db.SaveChangesAsync();
        });
        await hosts.Identity.Services.AddKaseyaOneAccountAsync(name + " MSP", user, email, admin: true);
        await hosts.BmsApp.Services.AddBmsTenantAsync(name + " IT");
        await hosts.BmsApp.Services.AddBmsUserAsync(name + " IT", user, email, admin: true);
    }

    public static Task AddBmsUserAsync(this SuiteHosts hosts, string company, string user, string email,
        BmsUserType type = BmsUserType.Employee, bool admin = false) =>
        hosts.BmsApp.Services.AddBmsUserAsync(company, user, email, admin: admin, type: type);

    public static Task AddK1AccountAsync(this SuiteHosts hosts, string company, string user, string email, bool active = true,
        bool emailVerified = true) =>
        hosts.Identity.Services.AddKaseyaOneAccountAsync(company, user, email, active: active, emailVerified: emailVerified);
}
