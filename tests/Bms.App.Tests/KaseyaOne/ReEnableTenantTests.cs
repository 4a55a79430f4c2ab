using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rules 5 and 9 together: turning the slider off keeps the admin's own session, and turning it on again signs in
/// to KaseyaOne afresh (prompt=login), which replaces the KaseyaOne session an admin signed in through KaseyaOne came
/// from; KaseyaOne's logout of it ends that BMS session before the browser is back. The admin is still the one who
/// started the round trip, so the tenant is connected and the admin lands on the integration page, signed in.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ReEnableTenantTests(SuiteHosts hosts)
{
    [Fact]
    public async Task Rule5_AnAdminSignedInThroughKaseyaOneTurnsTheSliderOffAndOnAgain_AndIsConnected()
    {
        await hosts.CreatePairAsync("Reconnect", "rhea");
        await SuiteData.EnableAsync(hosts.NewBrowser(), "Reconnect IT", "rhea", "Reconnect MSP", "rhea");
        var admin = hosts.NewBrowser();
        var k1Login = await admin.OpenAsync($"{SuiteHosts.Bms}{KaseyaOneLoginLink.Href("Reconnect IT")}");
        Assert.Equal("/", (await admin.SignInAsync("Reconnect MSP", "rhea", startAt: k1Login)).Path);
        var page = await admin.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        var off = await admin.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });
        Assert.Equal(("Disabled", KaseyaOneMessages.Success), (off.TestId("kaseyaone-state"), off.TestId("kaseyaone-notice")));

        var again = await admin.SubmitAsync(off, new Dictionary<string, string> { ["enabled"] = "true" });
        var back = await admin.SignInAsync("Reconnect MSP", "rhea", startAt: again);

        Assert.True(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Reconnect MSP")),
            $"not connected; the browser ended at {back.Url} ({(int)back.Status})");
        Assert.Equal((IntegrationModel.PagePath, "Enabled", KaseyaOneMessages.Success),
            (back.Path, back.TestId("kaseyaone-state"), back.TestId("kaseyaone-notice")));
    }
}
