using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// KaseyaOne down from the start: BMS has never read its discovery document, so not even the redirect to KaseyaOne
/// can be built. The journeys that start there say so on their own page and change nothing; never a 500.
/// </summary>
public sealed class KaseyaOneDownTests
{
    private static readonly string Unreachable = KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable);

    /// <summary>BMS, whose every call to KaseyaOne meets a closed port, with Acme IT's integration on (enabled while KaseyaOne was up).</summary>
    private static async Task<BmsHost> StartAsync()
    {
        var bms = new BmsHost(Directory.CreateTempSubdirectory("bms-k1-down-").FullName, new Uri("http://k1.test"), new Uri("http://bms.test"),
            new Authenticator())
        {
            BackChannel = () => new RefusedConnections(),
        };
        await bms.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<BmsDbContext>();
            var acme = await db.Tenants.SingleAsync(t => t.NormalizedName == BmsTenant.Normalize(BmsFactory.Acme));
            db.Set<TenantLink>().Add(new TenantLink { BmsTenantId = acme.Id, K1TenantId = "k1-acme", K1TenantName = "Acme MSP" });
            return await db.SaveChangesAsync();
        });
        return bms;
    }

    [Fact]
    public async Task Journey_LogInWithKaseyaOne_KaseyaOneDown_TheLoginPageSaysSo()
    {
        await using var bms = await StartAsync();
        var page = await bms.NewBrowser().OpenAsync(KaseyaOneLoginLink.Href(BmsFactory.Acme));

        Assert.Equal((System.Net.HttpStatusCode.OK, "/Accounts/Login"), (page.Status, page.Path));
        Assert.Equal(Unreachable, page.TestId("login-message"));
    }

    [Fact]
    public async Task Rule5_DisablingWhileKaseyaOneIsDown_SaysSo_AndTheIntegrationStaysOn()
    {
        await using var bms = await StartAsync();
        var browser = bms.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "alice");
        var page = await browser.OpenAsync(IntegrationModel.PagePath);

        var back = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });

        Assert.Equal((System.Net.HttpStatusCode.OK, IntegrationModel.PagePath), (back.Status, back.Path));
        Assert.Equal(Unreachable, back.TestId("kaseyaone-error"));
        Assert.Equal("Enabled", back.TestId("kaseyaone-state"));
        Assert.Equal(1, await bms.InScopeAsync(services => services.GetRequiredService<BmsDbContext>().Set<TenantLink>().CountAsync()));
    }

    /// <summary>Every call to KaseyaOne meets a closed port.</summary>
    private sealed class RefusedConnections : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused ({request.RequestUri!.Authority})");
    }
}
