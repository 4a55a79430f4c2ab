using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Identity.TenantLinks;

namespace SsoSuite.Identity.Tests.Launcher;

/// <summary>
/// SPEC rule 11 (seed 002): the region's base URL in effect decides which deployment a launch goes to, a user's own
/// setting wins, only registered deployments are ever reached, and every module of the catalogue has a row.
/// </summary>
public sealed class ModuleRoutingTests(ModuleFactory factory) : IClassFixture<ModuleFactory>
{
    /// <summary>A K1 company of its own with a linked BMS tenant, its admin and a user, both signed in.</summary>
    private async Task<(FormBrowser Admin, FormBrowser User, string BmsTenant)> CompanyAsync()
    {
        var company = "Routing " + Guid.NewGuid().ToString("N")[..6];
        var bmsTenant = "bms-" + Guid.NewGuid().ToString("N")[..6];
        await factory.WithDbAsync(async db =>
        {
            var tenant = new Identity.Accounts.K1Tenant { Name = company, NormalizedName = company.ToUpperInvariant() };
            db.Tenants.Add(tenant);
            db.TenantLinks.Add(new TenantLink
            {
                ClientId = IdentityFactory.ClientId, K1TenantId = tenant.Id, BmsTenantId = bmsTenant, BmsTenantName = "Routing IT",
                BaseUrl = ModuleFactory.ModuleUrl,
            });
            return await db.SaveChangesAsync();
        });
        async Task<FormBrowser> SignedInAsync(bool admin)
        {
            var user = await factory.CreateAsync(admin: admin);
            await factory.WithDbAsync(async db =>
            {
                (await db.Accounts.SingleAsync(a => a.UserName == user)).TenantId = (await db.Tenants.SingleAsync(t => t.Name == company)).Id;
                return await db.SaveChangesAsync();
            });
            var browser = factory.NewBrowser();
            await browser.SignInAsync(company, user);
            return browser;
        }
        return (await SignedInAsync(admin: true), await SignedInAsync(admin: false), bmsTenant);
    }

    private static Task<Guid> TenantIdAsync(Identity.Data.IdentityDbContext db, string bmsTenant) =>
        db.TenantLinks.Where(l => l.BmsTenantId == bmsTenant).Select(l => l.K1TenantId).SingleAsync();

    private static async Task<Page> SaveAsync(FormBrowser browser, string tab, string region, string baseUrl = "", string landing = "", string module = "bms") =>
        await browser.SubmitAsync(await browser.OpenAsync(tab), new Dictionary<string, string>
        {
            ["module"] = module, ["region"] = region, ["baseUrl"] = baseUrl, ["landingPageUrl"] = landing,
        });

    [Fact]
    public async Task Rule11_TheCompanysRegionDecidesTheDeployment_UkLaunchesGoToTheUkInitiateLoginUri()
    {
        var (admin, user, bmsTenant) = await CompanyAsync();
        using var _ = admin;
        using var __ = user;

        Assert.Equal("BMS URLs saved.", (await SaveAsync(admin, "/Admin/ModuleUrls", "UK")).TestId("module-urls-notice"));
        var launched = await user.OpenAsync($"/Launcher/Launch?module=bms&tenant={bmsTenant}");

        Assert.StartsWith(ModuleFactory.UkInitiateLoginUri + "?", launched.LeftTo!.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(launched.LeftTo.Query);
        Assert.Equal(ModuleFactory.UkUrl, query["target_link_uri"].ToString());
        Assert.Equal(bmsTenant, query[LaunchModel.TenantParameter].ToString());
    }

    [Fact]
    public async Task Rule11_TheUsersOwnRegionWinsOverTheCompanys()
    {
        var (admin, user, bmsTenant) = await CompanyAsync();
        using var _ = admin;
        using var __ = user;
        await SaveAsync(admin, "/Admin/ModuleUrls", "UK", landing: ModuleFactory.UkUrl + "Tickets");

        await SaveAsync(user, "/Profile/ModuleUrls", "US", landing: ModuleFactory.ModuleUrl + "Companies");
        var mine = await user.OpenAsync($"/Launcher/Launch?module=bms&tenant={bmsTenant}");
        var company = await admin.OpenAsync($"/Launcher/Launch?module=bms&tenant={bmsTenant}");

        Assert.StartsWith(ModuleFactory.InitiateLoginUri + "?", mine.LeftTo!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ModuleFactory.ModuleUrl + "Companies", QueryHelpers.ParseQuery(mine.LeftTo.Query)["target_link_uri"].ToString());
        Assert.StartsWith(ModuleFactory.UkInitiateLoginUri + "?", company.LeftTo!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ModuleFactory.UkUrl + "Tickets", QueryHelpers.ParseQuery(company.LeftTo.Query)["target_link_uri"].ToString());
    }

    [Theory]
    [InlineData("APAC", "")]
    [InlineData("Custom", "https://elsewhere.example/")]
    public async Task Rule11_ARegionWithoutARegisteredDeploymentGetsAMessage_NeverARedirect(string region, string baseUrl)
    {
        var (admin, user, bmsTenant) = await CompanyAsync();
        using var _ = admin;
        using var __ = user;
        await SaveAsync(user, "/Profile/ModuleUrls", region, baseUrl);

        var response = await user.Http.GetAsync($"/Launcher/Launch?module=bms&tenant={bmsTenant}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("No BMS deployment is registered at", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule11_TheLandingPageMustLieInTheChosenRegionsOrigin()
    {
        var (admin, user, _) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;
        var before = await factory.WithDbAsync(db => db.ModuleUrls.CountAsync());

        var refused = await SaveAsync(admin, "/Admin/ModuleUrls", "UK", landing: ModuleFactory.ModuleUrl + "Tickets");

        Assert.Contains("https://uk.rp.example", refused.TestId("error-landing-page"), StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.ModuleUrls.CountAsync()));
    }

    [Fact]
    public async Task Rule11_AUrlTypedWithANamedRegion_IsRefusedWithWhatToDo_NotDroppedWithoutAWord()
    {
        var (admin, user, _) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;
        var before = await factory.WithDbAsync(db => db.ModuleUrls.CountAsync());

        var refused = await SaveAsync(admin, "/Admin/ModuleUrls", "UK", baseUrl: "https://own-bms.example/");

        Assert.Contains("choose Custom as the region", refused.TestId("error-base-url"), StringComparison.Ordinal);
        Assert.Contains("value=\"https://own-bms.example/\"", refused.Html, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.ModuleUrls.CountAsync()));
    }

    [Fact]
    public async Task Rule11_AnotherRegionChosen_WithTheUrlFieldAsThePageShowedIt_SavesThatRegion()
    {
        var (admin, user, bmsTenant) = await CompanyAsync();
        using var _ = admin;
        using var __ = user;
        await SaveAsync(admin, "/Admin/ModuleUrls", "UK");

        // The page now shows the UK URL in the field; the admin picks US and leaves the field alone.
        var saved = await SaveAsync(admin, "/Admin/ModuleUrls", "US", baseUrl: ModuleFactory.UkUrl);
        var launched = await user.OpenAsync($"/Launcher/Launch?module=bms&tenant={bmsTenant}");

        Assert.Equal("BMS URLs saved.", saved.TestId("module-urls-notice"));
        Assert.StartsWith(ModuleFactory.InitiateLoginUri + "?", launched.LeftTo!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin/ModuleUrls")]
    [InlineData("/Profile/ModuleUrls")]
    public async Task Rule11_EveryModuleOfTheCatalogueHasARow_WithRegionAndLandingPageUnderTheirHeaders(string tab)
    {
        var (admin, user, _) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;

        var page = await admin.OpenAsync(tab);

        var headers = Regex.Matches(Regex.Match(page.Html, "<thead>.*?</thead>", RegexOptions.Singleline).Value, "<th scope=\"col\">([^<]*)</th>")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Module", "Region", "URL", "Landing Page"], headers);
        foreach (var module in new[] { "bms", "rmm", "itglue", "vsa" })
        {
            var row = Regex.Match(page.Html, $"<tr data-testid=\"module-url-{module}\">(.*?)</tr>", RegexOptions.Singleline).Value;
            var cells = Regex.Matches(row, "<td data-label=\"([^\"]*)\">(.*?)</td>", RegexOptions.Singleline).ToList();
            // On a phone the headers are out of sight and each cell shows its column's name, written by the page.
            Assert.Equal(["Region", "URL", "Landing Page"], cells.Select(m => m.Groups[1].Value));
            Assert.Contains($"data-testid=\"region-{module}\"", cells[0].Groups[2].Value, StringComparison.Ordinal);
            Assert.Contains($"data-testid=\"landing-page-{module}\"", cells[2].Groups[2].Value, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/Profile/ModuleUrls")]
    [InlineData("/Admin/ModuleUrls")]
    public async Task Rule11_AnInternationalisedHostIsSavedInItsAsciiForm_AndALaunchGoesThere(string tab)
    {
        var (admin, user, bmsTenant) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;
        var editor = tab.StartsWith("/Admin", StringComparison.Ordinal) ? admin : user;

        var saved = await SaveAsync(editor, tab, "Custom", "https://É.example/", "https://é.example/Tickets/é", module: "rmm");
        using var launch = await user.Http.GetAsync("/Launcher/Launch?module=rmm");

        Assert.EndsWith("URLs saved.", saved.TestId("module-urls-notice"), StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(async db =>
        {
            var tenantId = await TenantIdAsync(db, bmsTenant);
            return await db.ModuleUrls.SingleAsync(m => m.K1TenantId == tenantId && m.ModuleKey == "rmm");
        });
        Assert.Equal(("https://xn--9ca.example/", "https://xn--9ca.example/Tickets/%C3%A9"), (stored.BaseUrl, stored.LandingPageUrl));
        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        Assert.Equal("https://xn--9ca.example/Tickets/%C3%A9", launch.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("https://é.example/", "https://xn--9ca.example/Tickets", null)]
    [InlineData("https://xn--9ca.example/", "https://É.example/Tickets", null)]
    [InlineData("https://é.example/", "https://e.example/Tickets", "https://xn--9ca.example")]
    public async Task Rule11_ALandingPageIsComparedWithItsBaseUrlInTheSameAsciiForm(string baseUrl, string landing, string? problem)
    {
        var (admin, user, _) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;

        var page = await SaveAsync(user, "/Profile/ModuleUrls", "Custom", baseUrl, landing, module: "rmm");

        if (problem is null)
        {
            Assert.EndsWith("URLs saved.", page.TestId("module-urls-notice"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(problem, page.TestId("error-landing-page"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rule11_AUrlStoredWithAnInternationalisedHost_LaunchesToItsAsciiForm()
    {
        var (admin, user, bmsTenant) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;
        // As saved before module URLs were stored in their ASCII form.
        await factory.WithDbAsync(async db =>
        {
            db.ModuleUrls.Add(new ModuleUrl
            {
                K1TenantId = await TenantIdAsync(db, bmsTenant), ModuleKey = "rmm", Region = ModuleRegion.Custom, BaseUrl = "https://é.example/",
                LandingPageUrl = "https://é.example/é",
            });
            return await db.SaveChangesAsync();
        });

        using var launch = await user.Http.GetAsync("/Launcher/Launch?module=rmm");

        // Kestrel refuses to send a Location header with anything but ASCII (a 500); the test server does not check.
        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        Assert.Equal("https://xn--9ca.example/%C3%A9", launch.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Rule11_AModuleWithoutAClientOpensAtTheUrlInEffect()
    {
        var (admin, user, _) = await CompanyAsync();
        using var __ = admin;
        using var ___ = user;
        await SaveAsync(admin, "/Admin/ModuleUrls", "Custom", "https://rmm.example/", module: "rmm");

        var launched = await user.OpenAsync("/Launcher/Launch?module=rmm");

        Assert.Equal(new Uri("https://rmm.example/"), launched.LeftTo);
    }
}
