using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rules 6 and 9 together: Enable Login with KaseyaOne signs in to KaseyaOne afresh, which replaces the KaseyaOne
/// session a BMS session signed in through KaseyaOne came from, and KaseyaOne tells BMS that session ended. One per
/// test: the test decides when BMS hears of it, by holding KaseyaOne's delivery and moving the clock.
/// </summary>
public sealed class ReEnableLinkTests : IAsyncLifetime
{
    private readonly ClockedSuiteHosts hosts = new();

    public Task InitializeAsync() => hosts.InitializeAsync();

    public Task DisposeAsync() => hosts.DisposeAsync();

    /// <param name="bmsToldFirst">
    /// True: KaseyaOne's logout of the replaced session reaches BMS before the user is back; false: BMS is out of reach
    /// then, and the outbox delivers it after the user is back.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rule6_ReEnablingLoginWithKaseyaOneWhileSignedInThroughItEndsOnTheHomePageSignedIn(bool bmsToldFirst)
    {
        var signedIn = await hosts.MemberInBmsAsync(bmsToldFirst ? "Relinkfirst" : "Relinklater");
        var member = signedIn.Member;
        var disabled = await member.DisableLoginWithKaseyaOneAsync();
        Assert.Equal(KaseyaOneMessages.UserUnlinked, disabled.TestId("kaseyaone-notice"));
        Assert.True(disabled.Has("enable-kaseyaone"));

        hosts.BmsReachable = bmsToldFirst;
        var home = await member.SignInAsync(signedIn.K1Company, SessionEnds.Member, startAt: await member.EnableLoginWithKaseyaOneAsync(disabled));
        hosts.BmsReachable = true;

        Assert.Equal(("bms.test", "/", KaseyaOneMessages.UserLinked), (home.Url.Host, home.Path, home.TestId("kaseyaone-notice")));
        Assert.Equal(nameof(SessionEndCause.Replaced), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
        if (!bmsToldFirst)
        {
            hosts.Clock.Advance(TimeSpan.FromSeconds(31));
            await hosts.SweepAsync();
        }
        var delivery = await hosts.K1DbAsync(db => db.LogoutDeliveries.SingleAsync(d => d.SessionId == signedIn.KaseyaOneSid));
        Assert.Equal(LogoutDeliveryState.Delivered, delivery.State);
        Assert.True(await member.InBmsAsync());
        Assert.True((await member.OpenAsync(SuiteHosts.Bms + "/Accounts/Settings")).Has("disable-kaseyaone"));

        // SPEC rule 9: logging out of BMS now ends the KaseyaOne session the Enable signed in to as well.
        var newSid = await hosts.K1DbAsync(db => db.Sessions.Where(s => s.AccountId == signedIn.AccountId && s.EndedAt == null)
            .Select(s => s.Id).SingleAsync());
        await member.LogOutOfBmsAsync(home);

        Assert.Equal(nameof(SessionEndCause.SignOut), await hosts.EndCauseAsync(newSid));
        Assert.False(await member.InBmsAsync());
        Assert.Equal("/Accounts/Login", (await member.OpenAsync(SuiteHosts.K1 + "/")).Path);
    }

    /// <summary>
    /// SPEC rule 4 still decides: a member deactivated in BMS while at KaseyaOne (which ends their BMS sessions) comes
    /// back to BMS's login page with the reason, signed in nowhere in BMS and not linked.
    /// </summary>
    [Fact]
    public async Task Rule4_AMemberDeactivatedInBmsWhileReEnabling_LandsOnTheLoginPageWithTheReason_NotSignedIn()
    {
        var signedIn = await hosts.MemberInBmsAsync("Relinkgone");
        var member = signedIn.Member;
        var atKaseyaOne = await member.EnableLoginWithKaseyaOneAsync(await member.DisableLoginWithKaseyaOneAsync());
        var memberId = await MemberIdAsync(signedIn.Company);
        await signedIn.Admin.PostAsync($"{SuiteHosts.Bms}/Employees/Edit/{memberId}", "Deactivate");

        var back = await member.SignInAsync(signedIn.K1Company, SessionEnds.Member, startAt: atKaseyaOne);

        Assert.Equal(("bms.test", "/Accounts/Login"), (back.Url.Host, back.Path));
        Assert.Equal(KaseyaOneMessages.Text(KaseyaOneRefusal.BmsUserInactive), back.TestId("login-message"));
        Assert.False(await member.InBmsAsync());
        Assert.False(await hosts.BmsDbAsync(db => db.Sessions.AnyAsync(s => s.UserId == memberId && s.EndedAt == null)));
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => l.BmsUserId == memberId)));
    }

    /// <summary>
    /// A session signed in with the BMS password is not KaseyaOne's to replace: when it ends while its user is at
    /// KaseyaOne (logged out in another tab), their return signs nobody in and links nothing, as before.
    /// </summary>
    [Fact]
    public async Task Rule6_AnEnableFromABmsPasswordSessionThatEndedMeanwhile_SignsNobodyIn()
    {
        var signedIn = await hosts.MemberInBmsAsync("Relinklocal");
        var local = hosts.NewBrowser();
        var dashboard = await local.LogInToBmsAsync(signedIn.Company + " IT", SessionEnds.Member);
        var atKaseyaOne = await local.EnableLoginWithKaseyaOneAsync(await local.DisableLoginWithKaseyaOneAsync());
        await local.LogOutOfBmsAsync(dashboard);

        var back = await local.SignInAsync(signedIn.K1Company, SessionEnds.Member, startAt: atKaseyaOne);

        Assert.Equal(HttpStatusCode.Forbidden, back.Status);
        Assert.False(await local.InBmsAsync());
        var memberId = await MemberIdAsync(signedIn.Company);
        Assert.False(await hosts.BmsDbAsync(db => db.Set<UserLink>().AnyAsync(l => l.BmsUserId == memberId)));
    }

    private Task<Guid> MemberIdAsync(string company) =>
        hosts.BmsDbAsync(db => db.Users.Where(u => u.UserName == SessionEnds.Member && u.Tenant.Name == company + " IT")
            .Select(u => u.Id).SingleAsync());
}
