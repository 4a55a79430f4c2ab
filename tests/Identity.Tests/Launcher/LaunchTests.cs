using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Identity.TenantLinks;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Launcher;

/// <summary>SPEC rules 10 and 11 on KaseyaOne's side: the tenants a user may enter, the launch, module URLs.</summary>
public sealed class LaunchTests(ModuleFactory factory) : IClassFixture<ModuleFactory>
{
    private async Task<Guid> TenantOfAsync(string company) =>
        await factory.WithDbAsync(db => db.Tenants.Where(t => t.Name == company).Select(t => t.Id).SingleAsync());

    private async Task LinkTenantAsync(string company, string bmsTenantId, string name) =>
        await factory.WithDbAsync(async db =>
        {
            db.TenantLinks.Add(new TenantLink
            {
                ClientId = IdentityFactory.ClientId, K1TenantId = await TenantOfAsync(company), BmsTenantId = bmsTenantId,
                BmsTenantName = name, BaseUrl = ModuleFactory.ModuleUrl,
            });
            return await db.SaveChangesAsync();
        });

    private async Task<(FormBrowser Browser, string User)> SignedInAsync(string company = IdentityFactory.Company, bool admin = false)
    {
        var user = await factory.CreateAsync(admin: admin);
        if (company != IdentityFactory.Company)
        {
            var tenant = await TenantOfAsync(company);
            await factory.WithDbAsync(async db =>
            {
                (await db.Accounts.SingleAsync(a => a.UserName == user)).TenantId = tenant;
                return await db.SaveChangesAsync();
            });
        }
        var browser = factory.NewBrowser();
        await browser.SignInAsync(company, user);
        return (browser, user);
    }

    [Fact]
    public async Task Rule10_MyModulesBmsListsTheTenantsOfTheUsersCompanyAndTheirOwnLinks()
    {
        var company = "Tenant List MSP";
        await factory.WithDbAsync(async db =>
        {
            db.Tenants.Add(new Identity.Accounts.K1Tenant { Name = company, NormalizedName = company.ToUpperInvariant() });
            return await db.SaveChangesAsync();
        });
        await LinkTenantAsync(company, "bms-listed", "Listed IT");
        var (browser, user) = await SignedInAsync(company);
        using var _ = browser;
        var accountId = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync());
        await factory.WithDbAsync(async db =>
        {
            db.UserLinks.Add(new UserLink { ClientId = IdentityFactory.ClientId, AccountId = accountId, BmsTenantId = "bms-mine", BmsTenantName = "Mine IT", BaseUrl = ModuleFactory.ModuleUrl });
            return await db.SaveChangesAsync();
        });

        var list = await browser.OpenAsync("/Launcher/Launch?module=bms");

        Assert.NotNull(list.TestId("tenant-bms-listed"));
        Assert.NotNull(list.TestId("tenant-bms-mine"));
        using var other = factory.NewBrowser();
        await other.SignInAsync(IdentityFactory.Company, await factory.CreateAsync());
        var none = await other.OpenAsync("/Launcher/Launch?module=bms");
        Assert.Null(none.TestId("tenant-bms-listed"));
        Assert.NotNull(none.TestId("no-tenants"));
    }

    [Fact]
    public async Task Rule10_ChoosingATenantGoesToTheClientsInitiateLoginUriWithIssAndTarget()
    {
        var company = "Launch MSP";
        await factory.WithDbAsync(async db =>
        {
            db.Tenants.Add(new Identity.Accounts.K1Tenant { Name = company, NormalizedName = company.ToUpperInvariant() });
            return await db.SaveChangesAsync();
        });
        await LinkTenantAsync(company, "bms-launch", "Launch IT");
        var (browser, _) = await SignedInAsync(company);
        using var _ = browser;

        var launched = await browser.OpenAsync("/Launcher/Launch?module=bms&tenant=bms-launch");

        Assert.StartsWith(ModuleFactory.InitiateLoginUri + "?", launched.LeftTo!.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(launched.LeftTo.Query);
        Assert.Equal("http://localhost/", query["iss"].ToString());
        Assert.Equal(ModuleFactory.ModuleUrl, query["target_link_uri"].ToString());
        Assert.Equal("bms-launch", query[LaunchModel.TenantParameter].ToString());
    }

    [Fact]
    public async Task Rule10_ATenantNotInTheUsersListCannotBeLaunched_NoOpenRedirect()
    {
        await LinkTenantAsync("Globex MSP", "bms-globex-only", "Globex only");
        var (browser, _) = await SignedInAsync();
        using var _ = browser;

        var response = await browser.Http.GetAsync("/Launcher/Launch?module=bms&tenant=bms-globex-only");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("https://rp.example/Tickets", null)]
    [InlineData("", null)]
    [InlineData("https://evil.example/Tickets", "module's own site")]
    [InlineData("http://rp.example/Tickets", "https://")]
    [InlineData("javascript:alert(1)", "https://")]
    [InlineData("/Tickets", "absolute URL")]
    [InlineData("https://user:pw@rp.example/", "user name")]
    public void Rule11_LandingPageMustBeAnAbsoluteUrlInsideTheModulesOrigin(string landing, string? problem)
    {
        var message = ModuleUrlRules.CheckLandingPage(landing, new Uri("https://rp.example/"), out _);

        if (problem is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(problem, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rule11_HttpIsAllowedForLocalhostOnly()
    {
        Assert.Null(ModuleUrlRules.CheckBaseUrl("http://localhost:5200/", out _));
        Assert.Null(ModuleUrlRules.CheckBaseUrl("http://127.0.0.1:5200/", out _));
        Assert.NotNull(ModuleUrlRules.CheckBaseUrl("http://bms.example/", out _));
    }

    [Theory]
    [InlineData("https://xn--/")]
    [InlineData("https://xn--a-.example/")]
    [InlineData("https://bms.xn--a-.example/")]
    [InlineData("https://bms.example:0/")]
    public void Rule11_AHostNoBrowserCouldReachIsRefused(string url) =>
        Assert.Equal("Enter a URL whose host name and port a browser can reach.", ModuleUrlRules.CheckBaseUrl(url, out _));

    [Fact]
    public async Task Rule11_UserOverrideWinsOverTheCompanySetting_InTheIdTokensLandingPage()
    {
        var company = "Landing MSP";
        await factory.WithDbAsync(async db =>
        {
            db.Tenants.Add(new Identity.Accounts.K1Tenant { Name = company, NormalizedName = company.ToUpperInvariant() });
            return await db.SaveChangesAsync();
        });
        var (admin, _) = await SignedInAsync(company, admin: true);
        using var adminBrowser = admin;
        var adminPage = await admin.OpenAsync("/Admin/ModuleUrls");
        var saved = await admin.SubmitAsync(adminPage, new Dictionary<string, string>
        {
            ["module"] = "bms", ["region"] = "US", ["baseUrl"] = "", ["landingPageUrl"] = "https://rp.example/Tickets",
        });
        Assert.Equal("BMS URLs saved.", saved.TestId("module-urls-notice"));

        var (user, _) = await SignedInAsync(company);
        using var userBrowser = user;
        Assert.Equal("https://rp.example/Tickets", await LandingPageInIdTokenAsync(user));

        // The landing page in effect is now remembered in memory; saving a new one must replace it at once.
        var profile = await user.OpenAsync("/Profile/ModuleUrls");
        await user.SubmitAsync(profile, new Dictionary<string, string>
        {
            ["module"] = "bms", ["region"] = "US", ["baseUrl"] = "", ["landingPageUrl"] = "https://rp.example/Companies",
        });
        Assert.Equal("https://rp.example/Companies", await LandingPageInIdTokenAsync(user));
        Assert.Equal("https://rp.example/Tickets", await LandingPageInIdTokenAsync(admin));
    }

    [Fact]
    public async Task Rule11_ABadValueGetsAMessageBesideTheFieldAndIsNotSaved()
    {
        var (admin, _) = await SignedInAsync(admin: true);
        using var _ = admin;
        var page = await admin.OpenAsync("/Admin/ModuleUrls");
        var before = await factory.WithDbAsync(db => db.ModuleUrls.CountAsync());

        var refused = await admin.SubmitAsync(page, new Dictionary<string, string>
        {
            ["module"] = "bms", ["region"] = "Custom", ["baseUrl"] = "https://rp.example/", ["landingPageUrl"] = "https://evil.example/phish",
        });
        var badBase = await admin.SubmitAsync(page, new Dictionary<string, string>
        {
            ["module"] = "bms", ["region"] = "Custom", ["baseUrl"] = "ftp://rp.example/", ["landingPageUrl"] = "",
        });
        var badRegion = await admin.SubmitAsync(page, new Dictionary<string, string>
        {
            ["module"] = "bms", ["region"] = "Mars", ["baseUrl"] = "", ["landingPageUrl"] = "",
        });

        Assert.Contains("module's own site", refused.TestId("error-landing-page"), StringComparison.Ordinal);
        Assert.Contains("https://", badBase.TestId("error-base-url"), StringComparison.Ordinal);
        Assert.NotNull(badRegion.TestId("error-region"));
        Assert.Equal(before, await factory.WithDbAsync(db => db.ModuleUrls.CountAsync()));
    }

    [Fact]
    public async Task Rule13_TwoFirstSavesOfTheSameModuleUrlsAtOnceNeverGiveA500_TheLaterOneIsKept()
    {
        var (user, userName) = await SignedInAsync();
        using var _ = user;
        var accountId = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == userName).Select(a => a.Id).SingleAsync());
        var tenantId = await TenantOfAsync(IdentityFactory.Company);
        var page = await user.OpenAsync("/Profile/ModuleUrls");
        // The user's other tab saves its first override of the module between this save's read and its insert.
        using var race = new ConcurrentInsert<ModuleUrl>(m => m.AccountId == accountId, () => factory.WithDbAsync(other =>
        {
            other.ModuleUrls.Add(new ModuleUrl
            {
                K1TenantId = tenantId, AccountId = accountId, ModuleKey = "rmm", Region = ModuleRegion.Custom, BaseUrl = "https://other-tab.example/",
            });
            return other.SaveChangesAsync();
        }));

        var saved = await user.SubmitAsync(page, new Dictionary<string, string>
        {
            ["module"] = "rmm", ["region"] = "Custom", ["baseUrl"] = "https://this-tab.example/", ["landingPageUrl"] = "",
        });

        Assert.True(race.Ran);
        Assert.Equal("Datto RMM URLs saved.", saved.TestId("module-urls-notice"));
        var stored = await factory.WithDbAsync(db => db.ModuleUrls.Where(m => m.AccountId == accountId && m.ModuleKey == "rmm")
            .Select(m => m.BaseUrl).ToListAsync());
        Assert.Equal(["https://this-tab.example/"], stored);
    }

    [Fact]
    public async Task Rule11_ModuleUrlsOfAdminSettingsAreForAdminsOnly()
    {
        var (user, _) = await SignedInAsync();
        using var _ = user;

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync("/Admin/ModuleUrls")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/Profile/ModuleUrls")).StatusCode);
    }

    private static async Task<string?> LandingPageInIdTokenAsync(FormBrowser browser)
    {
        var rp = new RelyingParty(browser.Http);
        var page = await browser.OpenAsync(rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        var idToken = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        return idToken.TryGetClaim("k1_landing_page", out var claim) ? claim.Value : null;
    }
}
