using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rule 9: every way a KaseyaOne session ends reaches BMS server to server (no front-channel frame is loaded
/// here), so the BMS session that came from it is refused at its next request.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SessionEndTests(SuiteHosts hosts)
{
    private static readonly string K1 = SuiteHosts.K1;

    [Fact]
    public async Task Rule9_SignOut_EndsTheBmsSession_AndTheSignedOutPageSaysBmsWasTold()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endsignout");

        var signedOut = await signedIn.Member.PostAsync(K1 + "/Sessions/SignOut", "");

        Assert.Equal("Signed out of: BMS.", signedOut.TestId("apps-told"));
        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.SignOut), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_SignOutEverywhere_EndsTheBmsSession()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endeverywhere");

        await signedIn.Member.PostAsync(K1 + "/Sessions/Mine", "SignOutEverywhere");

        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.SignOutEverywhere), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_AnAdminEndingTheSession_EndsTheBmsSession_AndTheAdminSeesBmsAcknowledge()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endadmin");
        var sessionsPage = $"{K1}/Admin/UserSessions?id={signedIn.AccountId}";

        var after = await signedIn.Admin.PostAsync(sessionsPage, "End", new Dictionary<string, string> { ["sessionId"] = signedIn.KaseyaOneSid });

        Assert.Contains("Acknowledged by BMS", after.TestId("admin-notice"), StringComparison.Ordinal);
        Assert.Contains("BMS: acknowledged", WebUtility.HtmlDecode(after.Html), StringComparison.Ordinal);
        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.AdminEnded), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_Deactivation_EndsTheBmsSession_AndIsAudited()
    {
        var signedIn = await hosts.MemberInBmsAsync("Enddeactivate");

        await signedIn.Admin.PostAsync(K1 + "/Admin/Users", "Deactivate", new Dictionary<string, string> { ["id"] = signedIn.AccountId.ToString() });

        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.Deactivated), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
        var audit = WebUtility.HtmlDecode((await signedIn.Admin.OpenAsync(K1 + "/Admin/Audit")).Html);
        Assert.Contains("account deactivated", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule9_MfaReset_EndsTheBmsSession()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endmfareset");

        await signedIn.Admin.PostAsync(K1 + "/Admin/Users", "ResetMfa", new Dictionary<string, string> { ["id"] = signedIn.AccountId.ToString() });

        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.MfaReset), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_PasswordReset_EndsTheBmsSession()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endpassword");

        await signedIn.Admin.PostAsync($"{K1}/Admin/UserSessions?id={signedIn.AccountId}", "ResetPassword",
            new Dictionary<string, string> { ["NewPassword"] = "Another!Pass2026" });

        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.PasswordReset), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_ChangingYourOwnPassword_EndsYourOtherSessions_AndTheirBmsSessions_ButNotThisOne()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endownpassword");
        var other = hosts.NewBrowser();
        await other.SignInWithKaseyaOneAsync(signedIn.Company);

        var changed = await other.PostAsync(K1 + "/Profile/Password", "", new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountBuilder.Password,
            ["NewPassword"] = "Another!Pass2026",
            ["ConfirmPassword"] = "Another!Pass2026",
        });

        Assert.Equal("Your password was changed. Your other session was signed out.", changed.TestId("password-message"));
        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.PasswordChanged), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
        Assert.True(await other.InBmsAsync());
        Assert.Equal("/Profile/Password", (await other.OpenAsync(K1 + "/Profile/Password")).Path);
    }

    [Fact]
    public async Task Rule9_ANewSignInInTheSameBrowser_EndsTheBmsSessionOfTheReplacedOne()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endreplaced");

        var login = await signedIn.Member.OpenAsync(K1 + "/Accounts/Login?ReturnUrl=%2F");
        await signedIn.Member.SignInAsync(signedIn.K1Company, SessionEnds.Member, startAt: login);

        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.Replaced), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_ALogoutTokenNamingOnlyTheSubject_EndsEveryBmsSessionOfThatAccount_AndCannotBeReplayed()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endsubject");
        var second = hosts.NewBrowser();
        await second.SignInWithKaseyaOneAsync(signedIn.Company);
        Assert.True(await second.InBmsAsync());

        var token = hosts.Identity.Services.GetRequiredService<LogoutTokenMinting>()
            .Mint(new LogoutTokenContent(K1 + "/", "bms", signedIn.AccountId.ToString(), SessionId: null));
        using var client = hosts.BmsApp.CreateClient();
        var form = new Dictionary<string, string> { ["logout_token"] = token };

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/kaseyaone/backchannel-logout", new FormUrlEncodedContent(form))).StatusCode);
        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.False(await second.InBmsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/kaseyaone/backchannel-logout", new FormUrlEncodedContent(form))).StatusCode);
    }

    /// <summary>
    /// BMS ends sessions itself too (here an admin saves the member's record). The member's Log out, clicked on a page
    /// opened before, or on the Log out page after BMS sent them to its login page, still ends the KaseyaOne session the
    /// BMS session came from: being told they have signed out is true of both apps, not of BMS alone.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rule9_LoggingOutAfterBmsEndedTheSession_StillEndsTheKaseyaOneSession(bool staleButton)
    {
        var company = staleButton ? "Endstale" : "Endlater";
        var signedIn = await hosts.MemberInBmsAsync(company);
        var home = await signedIn.Member.OpenAsync(SuiteHosts.Bms + "/");
        var memberId = await hosts.BmsDbAsync(db => db.Users.Where(u => u.UserName == SessionEnds.Member && u.Tenant.Name == company + " IT")
            .Select(u => u.Id).SingleAsync());
        var saved = await signedIn.Admin.PostAsync($"{SuiteHosts.Bms}/Employees/Edit/{memberId}", "", new Dictionary<string, string>
        {
            ["Form.FirstName"] = "Mem", ["Form.LastName"] = "Renamed", ["Form.Email"] = $"{SessionEnds.Member}@{company.ToLowerInvariant()}.example",
            ["Form.UserType"] = "Employee", ["Form.IsAdmin"] = "false",
        });
        Assert.Equal("/Employees", saved.Path);

        Page logoutPage;
        if (staleButton)
        {
            // The button's anti-forgery token was the ended session's: a fresh form, saying why, instead of a bare 400.
            logoutPage = await signedIn.Member.LogOutOfBmsAsync(home);
            Assert.Equal(("/Accounts/Logout", HttpStatusCode.OK), (logoutPage.Path, logoutPage.Status));
            Assert.NotNull(logoutPage.TestId("logout-again"));
        }
        else
        {
            Assert.False(await signedIn.Member.InBmsAsync());
            logoutPage = await signedIn.Member.OpenAsync(SuiteHosts.Bms + "/Accounts/Logout");
        }
        var after = await signedIn.Member.SubmitAsync(logoutPage, new Dictionary<string, string>());

        // Through KaseyaOne's end-session endpoint, as every logout of a session from KaseyaOne goes.
        Assert.Equal(("k1.test", "/Sessions/LoggedOut"), (after.Url.Host, after.Path));
        Assert.False(await hosts.K1DbAsync(db => db.Sessions.AnyAsync(s => s.Id == signedIn.KaseyaOneSid && s.EndedAt == null)));
        Assert.Equal("/Accounts/Login", (await signedIn.Member.OpenAsync(K1 + "/")).Path);
    }

    [Fact]
    public async Task Rule14_ABmsSessionFromKaseyaOneEndsNoLaterThanTheKaseyaOneSession()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endbound");

        var bms = await hosts.BmsDbAsync(db => db.Sessions.SingleAsync(s => s.KaseyaOneSid == signedIn.KaseyaOneSid));
        var k1 = await hosts.K1DbAsync(db => db.Sessions.SingleAsync(s => s.Id == signedIn.KaseyaOneSid));

        Assert.Equal(signedIn.AccountId.ToString(), bms.KaseyaOneSubject);
        Assert.True(bms.ExpiresAt <= k1.ExpiresAt.AddSeconds(1), $"BMS ends {bms.ExpiresAt}, KaseyaOne {k1.ExpiresAt}");
    }
}
