using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Bms.Tests.Api;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>
/// SPEC rules 5 and 15: a BMS admin works inside their own tenant. Globex Services' admin sees none of Acme IT's
/// audit, companies or tickets, and their integration slider never touches Acme IT's link.
/// </summary>
public sealed class CrossTenantAdminTests(BmsFixture fixture) : IClassFixture<BmsFixture>
{
    private ApiFactory factory => fixture.App;

    private async Task<BmsBrowser> GinaAsync()
    {
        var browser = new BmsBrowser(factory);
        Assert.Equal("/", (await browser.LogInAsync(ApiFactory.Globex, "gina")).Path);
        return browser;
    }

    private async Task<Guid> AcmeAsync()
    {
        var id = Guid.Empty;
        await factory.WithDbAsync(async (db, _) => id = await db.Tenants.Where(t => t.Name == ApiFactory.Acme).Select(t => t.Id).SingleAsync());
        return id;
    }

    [Fact]
    public async Task Rule15_AGlobexAdminSeesNoneOfAcmesAudit()
    {
        var acme = await AcmeAsync();
        await factory.WithDbAsync(async (db, _) =>
        {
            db.Add(new AuditEntry { TenantId = acme, Action = "Acme only", Outcome = "succeeded", Detail = "acme-secret-detail", At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        using var gina = await GinaAsync();

        var audit = await gina.OpenAsync("/Admin/Audit?tenantId=" + acme);

        Assert.Equal(HttpStatusCode.OK, audit.Status);
        Assert.DoesNotContain("acme-secret-detail", audit.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule15_AGlobexAdminSeesNoneOfAcmesCompaniesOrTickets()
    {
        var acme = await AcmeAsync();
        var acmeTicket = 0;
        await factory.WithDbAsync(async (db, _) =>
            acmeTicket = await db.Set<Tickets.Ticket>().Where(t => t.TenantId == acme).Select(t => t.Number).FirstAsync());
        using var gina = await GinaAsync();

        var companies = await gina.OpenAsync("/Companies?tenantId=" + acme);
        var ticket = await gina.OpenAsync("/Tickets/View?number=" + acmeTicket);

        Assert.Contains("Initech", companies.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Northwind Traders", companies.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, ticket.Status);
    }

    [Fact]
    public async Task Rule5_AGlobexAdminsSliderNeverTouchesAcmesIntegration()
    {
        var acme = await AcmeAsync();
        await factory.WithDbAsync(async (db, _) =>
        {
            (await db.Tenants.SingleAsync(t => t.Id == acme)).KaseyaOneEnabled = true;
            db.Add(new TenantLink { BmsTenantId = acme, K1TenantId = Guid.NewGuid().ToString(), K1TenantName = "Acme MSP", LinkedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        using var gina = await GinaAsync();
        var page = await gina.OpenAsync(KaseyaOneFlows.IntegrationPage);

        using var response = await gina.Http.PostAsync(KaseyaOneFlows.IntegrationPage, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(page.Html,
                "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
            ["enabled"] = "false", ["tenantId"] = acme.ToString(),
        }));

        var (enabled, links) = (false, 0);
        await factory.WithDbAsync(async (db, _) =>
        {
            enabled = await db.Tenants.Where(t => t.Id == acme).Select(t => t.KaseyaOneEnabled).SingleAsync();
            links = await db.Set<TenantLink>().CountAsync(l => l.BmsTenantId == acme);
        });
        Assert.True(enabled);
        Assert.Equal(1, links);
    }
}
