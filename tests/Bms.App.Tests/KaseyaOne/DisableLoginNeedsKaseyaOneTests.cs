using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rule 6 and the README: Disable Login with KaseyaOne removes the link on both sides or on neither. KaseyaOne keeps
/// its own record of the account's link (its My Modules, and rule 2 across deployments, read it) and nothing retries a
/// removal it missed, so when KaseyaOne cannot be reached, or answers with an error, My Settings says so and BMS keeps
/// its link, its sessions and no opt-out.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class DisableLoginNeedsKaseyaOneTests(SuiteHosts hosts)
{
    [Theory]
    [InlineData("Unlinkdown", null)]
    [InlineData("Unlinkfail", HttpStatusCode.InternalServerError)]
    public async Task Rule6_DisablingLoginWithKaseyaOneThatKaseyaOneDoesNotConfirm_SaysSo_AndChangesNothing(string name, HttpStatusCode? answer)
    {
        await hosts.CreatePairAsync(name, "ulla");
        var browser = hosts.NewBrowser();
        await SuiteData.EnableAsync(browser, $"{name} IT", "ulla", $"{name} MSP", "ulla");
        var settings = await browser.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings");

        Page back;
        hosts.KaseyaOneReachable = answer is not null;
        hosts.KaseyaOneLinkApiAnswers = answer;
        try
        {
            back = await browser.DisableLoginWithKaseyaOneAsync(settings);
        }
        finally
        {
            hosts.KaseyaOneReachable = true;
            hosts.KaseyaOneLinkApiAnswers = null;
        }

        var expected = answer is null ? KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable) : KaseyaOneMessages.UnlinkNotConfirmed;
        Assert.Equal(("/Accounts/Settings", expected, true), (back.Path, back.TestId("kaseyaone-error"), back.Has("disable-kaseyaone")));
        var bmsLinked = await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => db.Tenants.Any(t => t.Id == l.BmsTenantId && t.Name == $"{name} IT")));
        var optedOut = await hosts.BmsDbAsync(db => db.Set<KaseyaOneOptOut>().AnyAsync(o => db.Users.Any(u => u.Id == o.BmsUserId && u.Tenant.Name == $"{name} IT")));
        var k1Linked = await hosts.K1DbAsync(db => db.UserLinks.AnyAsync(l => l.BmsTenantName == $"{name} IT"));
        Assert.Equal((true, false, true), (bmsLinked, optedOut, k1Linked));
    }
}
