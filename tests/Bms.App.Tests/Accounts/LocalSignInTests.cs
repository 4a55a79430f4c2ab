using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Tests.Api;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>BMS's own door: the login page, its code step, lockout, the remembered company, logout (SPEC rules 7, 13).</summary>
public sealed class LocalSignInTests(BmsFixture fixture) : IClassFixture<BmsFixture>
{
    private ApiFactory factory => fixture.App;

    private Task SetActiveAsync(string userName, bool active) => factory.WithDbAsync(async (db, _) =>
    {
        (await db.Users.SingleAsync(u => u.UserName == userName && u.Tenant.Name == ApiFactory.Acme)).IsActive = active;
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Journey_LocalUserWithoutMfaLogsInToTheDashboard()
    {
        using var browser = new BmsBrowser(factory);

        var dashboard = await browser.LogInAsync(ApiFactory.Acme, "bob");

        Assert.Equal("/", dashboard.Path);
        Assert.Contains("<h1>Dashboard</h1>", dashboard.Html, StringComparison.Ordinal);
        Assert.Equal("Bob Builder", dashboard.TestId("user-name"));
    }

    [Theory]
    [InlineData(ApiFactory.Acme, "bob", "wrong-password")]
    [InlineData(ApiFactory.Acme, "nobody", BmsBrowser.Password)]
    [InlineData("No Such Company", "bob", BmsBrowser.Password)]
    [InlineData("", "", "")]
    public async Task Rule13_AnyWrongCredentialGetsTheSameGenericMessage(string company, string user, string password)
    {
        using var browser = new BmsBrowser(factory);

        var page = await browser.LogInAsync(company, user, password);

        Assert.Equal("/Accounts/Login", page.Path);
        Assert.Equal(LoginMessages.Failed, page.TestId("login-message"));
        Assert.Null(browser.Cookie(BmsCookies.SessionCookieName));
    }

    [Fact]
    public async Task Rule13_FiveFailuresInARowLockTheUser_EvenTheRightPasswordThen()
    {
        await factory.AddMfaEmployeeAsync(ApiFactory.Acme, "lockme");
        using var browser = new BmsBrowser(factory);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(LoginMessages.Failed, (await browser.LogInAsync(ApiFactory.Acme, "lockme", "wrong")).TestId("login-message"));
        }

        Assert.Equal(LoginMessages.Failed, (await browser.LogInAsync(ApiFactory.Acme, "lockme", "wrong")).TestId("login-message"));
        var withRightPassword = await browser.LogInAsync(ApiFactory.Acme, "lockme");
        Assert.Equal(LoginMessages.Failed, withRightPassword.TestId("login-message"));
        Assert.Equal("/Accounts/Login", withRightPassword.Path);
    }

    [Fact]
    public async Task Rule13_InactiveUserIsRefused()
    {
        await factory.AddMfaEmployeeAsync(ApiFactory.Acme, "gone");
        await SetActiveAsync("gone", false);
        using var browser = new BmsBrowser(factory);

        var page = await browser.LogInAsync(ApiFactory.Acme, "gone");

        Assert.Equal(LoginMessages.Inactive, page.TestId("login-message"));
    }

    [Fact]
    public async Task Rule7_TheCompanyIsRememberedInThisBrowser()
    {
        using var browser = new BmsBrowser(factory);
        await browser.LogInAsync(ApiFactory.Globex, "gina");

        var login = await browser.OpenAsync("/Accounts/Login");

        Assert.Contains($"value=\"{ApiFactory.Globex}\"", login.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_MfaUserIsAskedForTheCode_AndAReplayedCodeIsRefused()
    {
        var secret = await factory.AddMfaEmployeeAsync(ApiFactory.Acme, "coder");
        using var browser = new BmsBrowser(factory);

        var codeStep = await browser.LogInAsync(ApiFactory.Acme, "coder");
        Assert.Equal("/Mfa/Code", codeStep.Path);
        var code = factory.NextCode(secret);
        var dashboard = await browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/", dashboard.Path);

        using var second = new BmsBrowser(factory);
        var again = await second.LogInAsync(ApiFactory.Acme, "coder");
        var replay = await second.SubmitAsync(again, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/Mfa/Code", replay.Path);
        Assert.Equal(LoginMessages.WrongCode, replay.TestId("login-message"));
        Assert.Null(second.Cookie(BmsCookies.SessionCookieName));
    }

    [Fact]
    public async Task Journey_LocalLogoutEndsTheSessionServerSide_SoACopiedCookieStopsWorking()
    {
        using var browser = new BmsBrowser(factory);
        var dashboard = await browser.LogInAsync(ApiFactory.Acme, "bob");
        var copied = browser.Cookie(BmsCookies.SessionCookieName);
        Assert.NotNull(copied);

        var after = await browser.LogOutAsync(dashboard);

        Assert.Equal("/Accounts/Login", after.Path);
        Assert.Equal(LoginMessages.For(LoginMessages.SignedOut), after.TestId("login-message"));
        using var thief = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Tickets");
        request.Headers.Add("Cookie", $"{BmsCookies.SessionCookieName}={copied}");
        var response = await thief.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Accounts/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_PagesAreForBmsAdminsOnly()
    {
        using var user = new BmsBrowser(factory);
        await user.LogInAsync(ApiFactory.Acme, "bob");
        using var admin = new BmsBrowser(factory);
        await admin.LogInAsync(ApiFactory.Acme, "alice");

        Assert.Equal(HttpStatusCode.Forbidden, (await user.OpenAsync("/Admin/Audit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.OpenAsync("/Admin/Integrations")).Status);
        var audit = await admin.OpenAsync("/Admin/Audit");
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        Assert.Contains("Sign-in", audit.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenancy_AnotherTenantsTicketDoesNotExist()
    {
        using var gina = new BmsBrowser(factory);
        await gina.LogInAsync(ApiFactory.Globex, "gina");
        var acmeTicket = 0;
        await factory.WithDbAsync(async (db, _) =>
            acmeTicket = await db.Set<Tickets.Ticket>().Where(t => t.Tenant.Name == ApiFactory.Acme).Select(t => t.Number).FirstAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await gina.OpenAsync($"/Tickets/{acmeTicket}")).Status);
    }
}
