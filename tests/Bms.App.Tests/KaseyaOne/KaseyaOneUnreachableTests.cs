using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// KaseyaOne goes down in the middle of a round trip: the user already signed in there, and BMS's back channel (the
/// token endpoint) finds no server when the answer comes back. BMS says so on the journey's own page, in its own
/// words, and changes nothing; never a 500.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class KaseyaOneUnreachableTests(SuiteHosts hosts)
{
    private static readonly string Unreachable = KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable);

    [Fact]
    public async Task Journey_LogInWithKaseyaOne_KaseyaOneUnreachableInTheCallback_TheLoginPageSaysSo_AndNoSessionStarts()
    {
        await hosts.CreatePairAsync("Outage", "olga");
        await SuiteData.EnableAsync(hosts.NewBrowser(), "Outage IT", "olga", "Outage MSP", "olga");
        var browser = hosts.NewBrowser();
        var k1Login = await browser.OpenAsync($"{SuiteHosts.Bms}{KaseyaOneLoginLink.Href("Outage IT")}");

        var back = await WhileKaseyaOneIsDownAsync(() => browser.SignInAsync("Outage MSP", "olga", startAt: k1Login));

        Assert.Equal((System.Net.HttpStatusCode.OK, "/Accounts/Login"), (back.Status, back.Path));
        Assert.Equal(Unreachable, back.TestId("login-message"));
        Assert.Equal("/Accounts/Login", (await browser.OpenAsync(SuiteHosts.Bms + "/")).Path);
    }

    [Fact]
    public async Task Rule5_EnablingWhileKaseyaOneIsUnreachable_SaysSo_AndConnectsNothing()
    {
        await hosts.CreatePairAsync("Dark", "dora");
        var browser = hosts.NewBrowser();
        await browser.LogInToBmsAsync("Dark IT", "dora");
        var page = await browser.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        var k1Login = await browser.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "true" });

        var back = await WhileKaseyaOneIsDownAsync(() => browser.SignInAsync("Dark MSP", "dora", startAt: k1Login));

        Assert.Equal(IntegrationModel.PagePath, back.Path);
        Assert.Equal(Unreachable, back.TestId("kaseyaone-error"));
        Assert.Equal("Disabled", back.TestId("kaseyaone-state"));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Dark MSP")));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == "Dark IT"))));
        Assert.False(await hosts.K1DbAsync(db => db.TenantLinks.AnyAsync(l => l.BmsTenantName == "Dark IT")));
    }

    private async Task<Page> WhileKaseyaOneIsDownAsync(Func<Task<Page>> walk)
    {
        // KaseyaOne's pages still answer the browser; only BMS's calls to it fail, from the callback on.
        hosts.KaseyaOneReachable = false;
        try
        {
            return await walk();
        }
        finally
        {
            hosts.KaseyaOneReachable = true;
        }
    }
}
