using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Shared.TenantLinks;

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
    /// <summary>An admin of a connected pair, signed in to BMS through KaseyaOne, who has turned the slider off.</summary>
    private async Task<(FormBrowser Admin, Page Off)> SignedInThroughKaseyaOneWithTheSliderOffAsync(string company, string user)
    {
        await hosts.CreatePairAsync(company, user);
        await SuiteData.EnableAsync(hosts.NewBrowser(), $"{company} IT", user, $"{company} MSP", user);
        var admin = hosts.NewBrowser();
        var k1Login = await admin.OpenAsync($"{SuiteHosts.Bms}{KaseyaOneLoginLink.Href($"{company} IT")}");
        Assert.Equal("/", (await admin.SignInAsync($"{company} MSP", user, startAt: k1Login)).Path);
        var page = await admin.OpenAsync(SuiteHosts.Bms + IntegrationModel.PagePath);
        var off = await admin.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "false" });
        Assert.Equal(("Disabled", KaseyaOneMessages.Success), (off.TestId("kaseyaone-state"), off.TestId("kaseyaone-notice")));
        return (admin, off);
    }

    [Fact]
    public async Task Rule5_AnAdminSignedInThroughKaseyaOneTurnsTheSliderOffAndOnAgain_AndIsConnected()
    {
        var (admin, off) = await SignedInThroughKaseyaOneWithTheSliderOffAsync("Reconnect", "rhea");

        var again = await admin.SubmitAsync(off, new Dictionary<string, string> { ["enabled"] = "true" });
        var back = await admin.SignInAsync("Reconnect MSP", "rhea", startAt: again);

        Assert.True(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Reconnect MSP")),
            $"not connected; the browser ended at {back.Url} ({(int)back.Status})");
        Assert.Equal((IntegrationModel.PagePath, "Enabled", KaseyaOneMessages.Success),
            (back.Path, back.TestId("kaseyaone-state"), back.TestId("kaseyaone-notice")));
    }

    /// <summary>
    /// SPEC rule 4: an admin deactivated in BMS while at KaseyaOne connects nothing on the way back (their session ended
    /// with the old KaseyaOne session, so only this journey's own check stands between them and the connection).
    /// </summary>
    [Fact]
    public async Task Rule4_AnAdminDeactivatedDuringTheRoundTrip_ConnectsNothing_AndLandsOnTheLoginPageWithTheReason()
    {
        var (admin, off) = await SignedInThroughKaseyaOneWithTheSliderOffAsync("Redeact", "rowan");
        var again = await admin.SubmitAsync(off, new Dictionary<string, string> { ["enabled"] = "true" });
        await hosts.BmsDbAsync(db => db.Users.Where(u => u.UserName == "rowan" && u.Tenant.Name == "Redeact IT")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        var back = await admin.SignInAsync("Redeact MSP", "rowan", startAt: again);

        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => l.K1TenantName == "Redeact MSP")));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Users.Any(u => u.Id == l.BmsUserId && u.Tenant.Name == "Redeact IT"))));
        Assert.Equal(("/Accounts/Login", KaseyaOneMessages.Text(KaseyaOneRefusal.BmsUserInactive)), (back.Path, back.TestId("login-message")));
    }

    /// <summary>
    /// SPEC rule 2: when the K1 tenant was linked to another BMS tenant while the slider was off, turning it on again is
    /// refused with rule 2's own sentence, which the admin (signed out by the fresh KaseyaOne sign-in) reads on the login
    /// page; nothing else is said in its place.
    /// </summary>
    [Fact]
    public async Task Rule2_ReEnablingWhenTheKaseyaOneTenantWasLinkedElsewhere_SaysSo_OnTheLoginPage()
    {
        var (admin, off) = await SignedInThroughKaseyaOneWithTheSliderOffAsync("Retaken", "tilda");
        await hosts.CreatePairAsync("Reother", "otis");
        await SuiteData.EnableAsync(hosts.NewBrowser(), "Reother IT", "otis", "Retaken MSP", "tilda");

        var again = await admin.SubmitAsync(off, new Dictionary<string, string> { ["enabled"] = "true" });
        var back = await admin.SignInAsync("Retaken MSP", "tilda", startAt: again);

        Assert.Equal(("/Accounts/Login", TenantLinkContract.AlreadyLinkedElsewhere), (back.Path, back.TestId("kaseyaone-error")));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<TenantLink>().AnyAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == "Retaken IT"))));
    }
}
