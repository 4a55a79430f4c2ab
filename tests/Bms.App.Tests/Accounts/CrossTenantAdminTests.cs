using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>
/// SPEC rules 5 and 15: a BMS admin works inside their own tenant. Globex Services' admin sees none of Acme IT's
/// audit, companies or tickets, and their integration slider never touches Acme IT's link.
/// </summary>
public sealed class CrossTenantAdminTests(BmsFactory fixture) : IClassFixture<BmsFactory>
{
    private BmsFactory factory => fixture;

    private async Task<FormBrowser> GinaAsync()
    {
        var browser = factory.NewBrowser();
        Assert.Equal("/", (await browser.LogInToBmsAsync(BmsFactory.Globex, "gina")).Path);
        return browser;
    }

    private async Task<Guid> AcmeAsync()
    {
        var id = Guid.Empty;
        await factory.WithDbAsync(async (db, _) => id = await db.Tenants.Where(t => t.Name == BmsFactory.Acme).Select(t => t.Id).SingleAsync());
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
            acmeTicket = await db.Set<SsoSuite.Bms.Tickets.Ticket>().Where(t => t.TenantId == acme).Select(t => t.Number).FirstAsync());
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
            db.Add(new TenantLink { BmsTenantId = acme, K1TenantId = Guid.NewGuid().ToString(), K1TenantName = "Acme MSP", LinkedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        using var gina = await GinaAsync();
        var page = await gina.OpenAsync(IntegrationModel.PagePath);

        using var response = await gina.Http.PostAsync(IntegrationModel.PagePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(page.Html,
                "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
            ["enabled"] = "false", ["tenantId"] = acme.ToString(),
        }));

        var links = 0;
        await factory.WithDbAsync(async (db, _) => links = await db.Set<TenantLink>().CountAsync(l => l.BmsTenantId == acme));
        Assert.Equal(1, links);
    }
}
