using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>BMS's own door: the login page, its code step, lockout, the remembered company, logout (SPEC rules 7, 13).</summary>
public sealed class LocalSignInTests(BmsFactory factory, BmsOnEachStore stores) : IClassFixture<BmsFactory>, IClassFixture<BmsOnEachStore>
{
    private Task SetActiveAsync(string userName, bool active) => factory.WithDbAsync(async (db, _) =>
    {
        (await db.Users.SingleAsync(u => u.UserName == userName && u.Tenant.Name == BmsFactory.Acme)).IsActive = active;
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Journey_LocalUserWithoutMfaLogsInToTheDashboard()
    {
        using var browser = factory.NewBrowser();

        var dashboard = await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");

        Assert.Equal("/", dashboard.Path);
        Assert.Contains("<h1>Dashboard</h1>", dashboard.Html, StringComparison.Ordinal);
        Assert.Equal("Bob Builder", dashboard.TestId("user-name"));
    }

    /// <summary>
    /// Session fixation: a session cookie planted before the login (another user's, of which whoever planted it keeps a
    /// copy) is not the session the login leaves: the login starts its own and ends the planted one.
    /// </summary>
    [Fact]
    public async Task Journey_ASessionCookiePlantedBeforeTheLoginIsNotTheSessionAfterIt()
    {
        using var planter = factory.NewBrowser();
        Assert.Equal("/", (await planter.LogInToBmsAsync(BmsFactory.Acme, "alice")).Path);
        var planted = planter.Cookie(BmsCookies.SessionCookieName)!;
        using var browser = factory.NewBrowser();
        browser.Cookies.Add(new Cookie(BmsCookies.SessionCookieName, planted, "/", factory.Server.BaseAddress.Host));

        var dashboard = await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");

        Assert.Equal("Bob Builder", dashboard.TestId("user-name"));
        Assert.NotEqual(planted, browser.Cookie(BmsCookies.SessionCookieName));
        Assert.Equal("/Accounts/Login", (await planter.OpenAsync("/")).Path);
    }

    [Theory]
    [InlineData(BmsFactory.Acme, "bob", "wrong-password")]
    [InlineData(BmsFactory.Acme, "nobody", AccountBuilder.Password)]
    [InlineData("No Such Company", "bob", AccountBuilder.Password)]
    public async Task Rule13_AnyWrongCredentialGetsTheSameGenericMessage(string company, string user, string password)
    {
        using var browser = factory.NewBrowser();

        var page = await browser.LogInToBmsAsync(company, user, password);

        Assert.Equal("/Accounts/Login", page.Path);
        Assert.Equal(LoginMessages.Failed, page.TestId("login-message"));
        Assert.Null(browser.Cookie(BmsCookies.SessionCookieName));
    }

    /// <summary>A field left blank is asked for; nothing was checked, so nothing is said to be wrong or locked.</summary>
    [Theory]
    [InlineData("", "", "")]
    [InlineData(BmsFactory.Acme, "bob", "")]
    [InlineData(BmsFactory.Acme, " ", AccountBuilder.Password)]
    public async Task Rule13_ABlankFieldIsAskedFor_NotCalledWrong(string company, string user, string password)
    {
        using var browser = factory.NewBrowser();

        var page = await browser.LogInToBmsAsync(company, user, password);

        Assert.Equal(("/Accounts/Login", LoginMessages.Missing), (page.Path, page.TestId("login-message")));
        Assert.Null(browser.Cookie(BmsCookies.SessionCookieName));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_FiveFailuresInARowLockTheUser_EvenTheRightPasswordThen(Store store)
    {
        var factory = stores.On(store);
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "lockme");
        using var browser = factory.NewBrowser();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(LoginMessages.Failed, (await browser.LogInToBmsAsync(BmsFactory.Acme, "lockme", "wrong")).TestId("login-message"));
        }

        Assert.Equal(LoginMessages.Failed, (await browser.LogInToBmsAsync(BmsFactory.Acme, "lockme", "wrong")).TestId("login-message"));
        var withRightPassword = await browser.LogInToBmsAsync(BmsFactory.Acme, "lockme");
        Assert.Equal(LoginMessages.Failed, withRightPassword.TestId("login-message"));
        Assert.Equal("/Accounts/Login", withRightPassword.Path);
    }

    [Fact]
    public async Task Rule13_InactiveUserIsRefused()
    {
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "gone");
        await SetActiveAsync("gone", false);
        using var browser = factory.NewBrowser();

        var page = await browser.LogInToBmsAsync(BmsFactory.Acme, "gone");

        Assert.Equal(LoginMessages.Inactive, page.TestId("login-message"));
    }

    [Fact]
    public async Task Rule7_TheCompanyIsRememberedInThisBrowser()
    {
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Globex, "gina");

        var login = await browser.OpenAsync("/Accounts/Login");

        Assert.Contains($"value=\"{BmsFactory.Globex}\"", login.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Journey_MfaUserIsAskedForTheCode_AndAReplayedCodeIsRefused(Store store)
    {
        var factory = stores.On(store);
        var secret = await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "coder");
        using var browser = factory.NewBrowser();

        var codeStep = await browser.LogInToBmsAsync(BmsFactory.Acme, "coder");
        Assert.Equal("/Mfa/Code", codeStep.Path);
        var code = factory.NextCode(secret);
        var dashboard = await browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/", dashboard.Path);

        using var second = factory.NewBrowser();
        var again = await second.LogInToBmsAsync(BmsFactory.Acme, "coder");
        var replay = await second.SubmitAsync(again, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/Mfa/Code", replay.Path);
        Assert.Equal(LoginMessages.WrongCode, replay.TestId("login-message"));
        Assert.Null(second.Cookie(BmsCookies.SessionCookieName));
    }

    /// <summary>
    /// SPEC rule 13 at the code step: the wrong code that locks the user ends the sign-in, and the page then offers no code
    /// field (whatever was typed there could only meet "your sign-in took too long"), only the way to start again.
    /// </summary>
    [Fact]
    public async Task Rule13_TheCodeThatLocksTheUserEndsTheSignIn_AndNoCodeFieldIsOffered()
    {
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "codelock");
        using var browser = factory.NewBrowser();
        var codeStep = await browser.LogInToBmsAsync(BmsFactory.Acme, "codelock");
        for (var i = 0; i < 4; i++)
        {
            codeStep = await browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = "000000" });
            Assert.Equal(LoginMessages.WrongCode, codeStep.TestId("login-message"));
        }

        var locked = await browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = "000000" });

        Assert.Equal(LoginMessages.LockedOut, locked.TestId("login-message"));
        Assert.DoesNotContain("name=\"Code\"", locked.Html, StringComparison.Ordinal);
        Assert.Contains("Start again", locked.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_LocalLogoutEndsTheSessionServerSide_SoACopiedCookieStopsWorking()
    {
        using var browser = factory.NewBrowser();
        var dashboard = await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");
        var copied = browser.Cookie(BmsCookies.SessionCookieName);
        Assert.NotNull(copied);

        var after = await browser.LogOutOfBmsAsync(dashboard);

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
        using var user = factory.NewBrowser();
        await user.LogInToBmsAsync(BmsFactory.Acme, "bob");
        using var admin = factory.NewBrowser();
        await admin.LogInToBmsAsync(BmsFactory.Acme, "alice");

        Assert.Equal(HttpStatusCode.Forbidden, (await user.OpenAsync("/Admin/Audit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.OpenAsync("/Admin/Integrations")).Status);
        var audit = await admin.OpenAsync("/Admin/Audit");
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        Assert.Contains("Sign-in", audit.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenancy_AnotherTenantsTicketDoesNotExist()
    {
        using var gina = factory.NewBrowser();
        await gina.LogInToBmsAsync(BmsFactory.Globex, "gina");
        var acmeTicket = 0;
        await factory.WithDbAsync(async (db, _) =>
            acmeTicket = await db.Set<SsoSuite.Bms.Tickets.Ticket>().Where(t => t.Tenant.Name == BmsFactory.Acme).Select(t => t.Number).FirstAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await gina.OpenAsync($"/Tickets/{acmeTicket}")).Status);
    }
}
