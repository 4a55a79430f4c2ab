using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Admin;

/// <summary>
/// A K1 admin manages their own tenant only: a Globex admin who posts an Acme account's id, or aims the
/// module URLs at Acme, changes nothing at Acme and learns nothing (the account "does not exist").
/// </summary>
public sealed class CrossTenantAdminTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string Globex = "Globex MSP";

    private async Task<(FormBrowser Browser, Page Users)> SignInGlobexAdminAsync()
    {
        var admin = "admin-" + Guid.NewGuid().ToString("N")[..8];
        await factory.Services.AddKaseyaOneAccountAsync(Globex, admin, admin: true);
        var browser = factory.NewBrowser();
        await browser.SignInAsync(Globex, admin);
        return (browser, await browser.OpenAsync("/Admin/Users"));
    }

    private Task<Guid> AcmeAccountAsync(bool active = true, bool enrolled = false) => factory.WithDbAsync(async db =>
    {
        var name = await factory.CreateAsync(active: active);
        var account = await db.Accounts.SingleAsync(a => a.UserName == name);
        if (enrolled)
        {
            account.TotpSecret = "protected-secret";
            await db.SaveChangesAsync();
        }
        return account.Id;
    });

    private Task<(bool Active, string? Secret)> StateOfAsync(Guid id) =>
        factory.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => ValueTuple.Create(a.IsActive, a.TotpSecret)).SingleAsync());

    [Theory]
    [InlineData("Deactivate", true, true)]
    [InlineData("Reactivate", false, false)]
    [InlineData("ResetMfa", true, true)]
    public async Task Admin_AGlobexAdminCannotChangeAnAcmeAccount(string handler, bool active, bool enrolled)
    {
        var (browser, users) = await SignInGlobexAdminAsync();
        using var _ = browser;
        var acme = await AcmeAccountAsync(active, enrolled);
        var before = await StateOfAsync(acme);

        var page = await browser.SubmitAsync(users, new Dictionary<string, string> { ["id"] = acme.ToString() }, "/Admin/Users?handler=" + handler);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal(before, await StateOfAsync(acme));
    }

    [Fact]
    public async Task Admin_AGlobexAdminsModuleUrlsNeverReachAcme()
    {
        var (browser, _) = await SignInGlobexAdminAsync();
        using var signedIn = browser;
        var acmeTenant = await factory.WithDbAsync(db => db.Tenants.Where(t => t.Name == IdentityFactory.Company).Select(t => t.Id).SingleAsync());
        var form = await browser.OpenAsync("/Admin/ModuleUrls");

        await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["module"] = "bms", ["region"] = "Custom", ["baseUrl"] = "https://globex-bms.example/",
            ["landingPageUrl"] = "https://globex-bms.example/Tickets", ["tenantId"] = acmeTenant.ToString(),
        });

        var globexTenant = await factory.WithDbAsync(db => db.Tenants.Where(t => t.Name == Globex).Select(t => t.Id).SingleAsync());
        Assert.Equal(1, await factory.WithDbAsync(db => db.ModuleUrls.CountAsync(u => u.K1TenantId == globexTenant)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ModuleUrls.CountAsync(u => u.K1TenantId == acmeTenant)));
    }
}
