using System.Net;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>SPEC rule 4: BMS's own pages are for employees; Api and client-portal users are refused.</summary>
public sealed class StaffOnlyTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Theory]
    [InlineData("apiuser", LoginMessages.ApiUser)]
    [InlineData("dave", LoginMessages.ClientPortalUser)]
    public async Task Rule4_ApiAndClientPortalUsersAreRefusedAtTheBmsLogin_WithAClearMessage(string userName, string code)
    {
        using var browser = factory.NewBrowser();

        var wrongPassword = await browser.LogInToBmsAsync(BmsFactory.Acme, userName, "wrong-password");
        var refused = await browser.LogInToBmsAsync(BmsFactory.Acme, userName);

        // A wrong password gets the generic answer: the user type is told only to whoever knows the password.
        Assert.Equal(LoginMessages.Failed, wrongPassword.TestId("login-message"));
        Assert.Equal("/Accounts/Login", refused.Path);
        Assert.Equal(LoginMessages.For(code), refused.TestId("login-message"));
        Assert.Null(browser.Cookie(BmsCookies.SessionCookieName));
    }

    [Fact]
    public async Task Rule4_AClientPortalUserWithMfaIsRefusedOnlyAfterTheCode()
    {
        var secret = KeyGeneration.GenerateRandomKey(20);
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "portal-mfa", type: BmsUserType.ClientPortal, totpSecret: secret);
        using var browser = factory.NewBrowser();

        var codeStep = await browser.LogInToBmsAsync(BmsFactory.Acme, "portal-mfa");
        var refused = await browser.SubmitAsync(codeStep, new Dictionary<string, string>
        {
            ["Code"] = factory.NextCode(Base32Encoding.ToString(secret)),
        });

        Assert.Equal("/Mfa/Code", codeStep.Path);
        Assert.Equal("/Accounts/Login", refused.Path);
        Assert.Equal(LoginMessages.For(LoginMessages.ClientPortalUser), refused.TestId("login-message"));
        Assert.Null(browser.Cookie(BmsCookies.SessionCookieName));
    }

    [Fact]
    public async Task Rule4_ASessionWhoseUserIsNoLongerAnEmployeeIsRefusedOnTheStaffPages()
    {
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "turned-api");
        using var browser = factory.NewBrowser();
        var dashboard = await browser.LogInToBmsAsync(BmsFactory.Acme, "turned-api");
        var settings = await browser.OpenAsync("/Accounts/Settings");
        await factory.WithDbAsync(async (db, _) =>
        {
            (await db.Users.SingleAsync(u => u.UserName == "turned-api")).UserType = BmsUserType.Api;
            await db.SaveChangesAsync();
        });

        Assert.Equal("/", dashboard.Path);
        foreach (var path in new[] { "/", "/Tickets", "/Companies", "/Accounts/Profile", "/Accounts/Settings", "/Mfa/Configure" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.OpenAsync(path)).Status);
        }
        var configure = await browser.SubmitAsync(dashboard, new Dictionary<string, string> { ["Code"] = "123456" }, action: "/Mfa/Configure");
        var link = await browser.SubmitAsync(settings, new Dictionary<string, string>(), action: LinkUserJourney.LinkPath);
        Assert.Equal(HttpStatusCode.Forbidden, configure.Status);
        Assert.Equal(HttpStatusCode.Forbidden, link.Status);
        await factory.WithDbAsync(async (db, _) => Assert.Null((await db.Users.SingleAsync(u => u.UserName == "turned-api")).TotpSecret));
    }
}
