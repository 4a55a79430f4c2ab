using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Accounts;

public sealed class SignInTests(IdentityFactory factory, IdentityOnEachStore stores) : IClassFixture<IdentityFactory>, IClassFixture<IdentityOnEachStore>
{
    [Theory]
    [InlineData("Acme MSP", "nobody", AccountBuilder.Password)]
    [InlineData("No Such MSP", "bob", AccountBuilder.Password)]
    [InlineData("Acme MSP", "bob", "wrong-password")]
    public async Task Rule13_AnyWrongCredentialGetsTheSameGenericMessage(string company, string user, string password)
    {
        using var browser = factory.NewBrowser();

        var page = await browser.EnterPasswordAsync(company, user, password);

        Assert.Equal("/Accounts/Login", page.Url.AbsolutePath);
        Assert.Equal(SignInMessages.Failed, page.TestId("sign-in-message"));
    }

    /// <summary>
    /// Session fixation: a session cookie planted in the browser before the sign-in (here another account's, which
    /// whoever planted it keeps a copy of) is not the session the sign-in leaves. When a relying party asks for a sign-in
    /// (prompt=login), the sign-in starts a session of its own and ends the planted one, so the copy opens nothing.
    /// </summary>
    [Fact]
    public async Task Journey_ASessionCookiePlantedBeforeTheSignInIsNotTheSessionAfterIt()
    {
        using var planter = factory.NewBrowser();
        await planter.SignInAsync(IdentityFactory.Company, await factory.CreateAsync());
        var planted = planter.Cookie(KaseyaOneCookies.SessionCookieName)!;
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        browser.Cookies.Add(new Cookie(KaseyaOneCookies.SessionCookieName, planted, "/", factory.Server.BaseAddress.Host));
        var rp = new RelyingParty(browser.Http);

        var page = await browser.SignInAsync(IdentityFactory.Company, user, startAt: await browser.OpenAsync(rp.AuthorizeUrl(extra: "prompt=login")));

        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        Assert.Equal(user, (await rp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!)).GetClaim("preferred_username").Value);
        Assert.NotEqual(planted, browser.Cookie(KaseyaOneCookies.SessionCookieName));
        Assert.Equal(KaseyaOneForms.LoginPath, (await planter.OpenAsync("/")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Rule13_APasswordPostWithoutTheAntiforgeryTokenIsRefused_AndCountsNoFailure()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.OpenAsync(KaseyaOneForms.LoginPath);

        // The browser's anti-forgery cookie is sent, the form's token is not: what a cross-site form post looks like.
        var page = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, KaseyaOneForms.LoginPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Form.Company"] = IdentityFactory.Company, ["Form.UserName"] = user, ["Form.Password"] = "wrong-password",
            }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.FailedSignIns).SingleAsync()));
    }

    [Fact]
    public async Task Rule13_FiveFailuresInARowLockTheAccount_EvenTheRightPasswordThen()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInMessages.Failed, (await browser.EnterPasswordAsync(IdentityFactory.Company, user, "wrong")).TestId("sign-in-message"));
        }

        Assert.Equal(SignInMessages.Failed, (await browser.EnterPasswordAsync(IdentityFactory.Company, user, "wrong")).TestId("sign-in-message"));
        var withRightPassword = await browser.EnterPasswordAsync(IdentityFactory.Company, user);

        Assert.Equal(SignInMessages.Failed, withRightPassword.TestId("sign-in-message"));
        Assert.Equal("/Accounts/Login", withRightPassword.Url.AbsolutePath);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_WrongCodesCountTowardsTheLockoutToo(Store store)
    {
        var factory = stores.On(store);
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var secret = factory.Authenticator.SecretOf(IdentityFactory.Company, user);
        using var other = factory.NewBrowser();

        var codePage = await other.EnterPasswordAsync(IdentityFactory.Company, user);
        for (var i = 0; i < 4; i++)
        {
            codePage = await other.SubmitCodeAsync(codePage, "000000");
            Assert.Equal(SignInMessages.WrongCode, codePage.TestId("sign-in-message"));
        }
        var locked = await other.SubmitCodeAsync(codePage, "000000");

        Assert.Equal(SignInMessages.LockedOut, locked.TestId("sign-in-message"));
        // The sign-in has ended: no code field is offered to type into, only the way to start again.
        Assert.DoesNotContain("name=\"Code\"", locked.Html, StringComparison.Ordinal);
        Assert.NotNull(locked.TestId("start-again"));
        Assert.Equal(SignInMessages.Failed, (await other.EnterPasswordAsync(IdentityFactory.Company, user)).TestId("sign-in-message"));
        Assert.Equal("/Accounts/Login", (await other.EnterPasswordAsync(IdentityFactory.Company, user)).Url.AbsolutePath);
        Assert.NotNull(secret);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_FiveParallelWrongCodesLockTheAccount(Store store)
    {
        var factory = stores.On(store);
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        using var guesser = factory.NewBrowser();
        var codeStep = await guesser.EnterPasswordAsync(IdentityFactory.Company, user);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => guesser.SubmitCodeAsync(codeStep, $"00000{i}")));

        Assert.NotNull(await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.LockoutEnd).SingleAsync()));
        using var owner = factory.NewBrowser();
        Assert.Equal(SignInMessages.Failed, (await owner.EnterPasswordAsync(IdentityFactory.Company, user)).TestId("sign-in-message"));
    }

    [Fact]
    public async Task Rule4_InactiveAccountIsRefusedOnTheSignInPage()
    {
        using var browser = factory.NewBrowser();

        var page = await browser.EnterPasswordAsync(IdentityFactory.Company, "carol");

        Assert.Equal(SignInMessages.Inactive, page.TestId("sign-in-message"));
        Assert.Null(browser.Cookie("k1.session"));
    }

    [Fact]
    public async Task Rule4_InactiveAccountSentByAClientGoesBackToItWithAccessDenied()
    {
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var login = await browser.OpenAsync(rp.AuthorizeUrl());

        var page = await browser.SubmitPasswordAsync(login, IdentityFactory.Company, "carol");

        var error = RelyingParty.ErrorFrom(page);
        Assert.StartsWith(IdentityFactory.RedirectUri, page.LeftTo!.ToString(), StringComparison.Ordinal);
        Assert.Equal("access_denied", error["error"]);
        Assert.Contains("inactive", error["error_description"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(rp.State, error["state"]);
    }

    [Fact]
    public async Task CookieNames_AllCarryTheKaseyaOnePrefix_SoBmsOnTheSameHostKeepsItsOwn()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var names = new List<string>();
        var login = await browser.Http.GetAsync("/Accounts/Login");
        names.AddRange(CookieNames(login));
        var afterPassword = await browser.EnterPasswordAsync(IdentityFactory.Company, user);
        var confirm = await browser.Http.PostAsync("/Mfa/Enrol", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = factory.Authenticator.NextCode(KaseyaOneForms.SecretOn(afterPassword)),
            ["__RequestVerificationToken"] = afterPassword.AntiforgeryToken!,
        }));
        names.AddRange(CookieNames(confirm));

        Assert.Contains("k1.session", names);
        Assert.Contains("k1.antiforgery", names);
        Assert.All(names, name => Assert.StartsWith("k1.", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rule13_OversizedFieldsGetAMessageAndNoServerError()
    {
        using var browser = factory.NewBrowser();

        var page = await browser.EnterPasswordAsync(new string('x', 5000), "bob", new string('y', 5000));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("too long", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_RequiresASignIn_AndShowsMyModulesAndOverview()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        Assert.Equal("/Accounts/Login", (await browser.OpenAsync("/")).Url.AbsolutePath);

        var home = await browser.SignInAsync(IdentityFactory.Company, user);

        Assert.Equal("/", home.Url.AbsolutePath);
        Assert.Contains("My Modules", home.Html, StringComparison.Ordinal);
        Assert.Contains("Overview", home.Html, StringComparison.Ordinal);
        Assert.NotNull(home.TestId("module-bms"));
        Assert.Contains("data-testid=\"app-launcher\"", home.Html, StringComparison.Ordinal);
        Assert.Equal("Test " + user, home.TestId("user-name"));
    }

    [Fact]
    public async Task SignOut_EndsTheSessionServerSide_SoACopiedCookieStopsWorking()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var copied = browser.Cookie("k1.session");
        Assert.NotNull(copied);

        var signOutPage = await browser.OpenAsync("/Sessions/SignOut");
        var done = await browser.SubmitAsync(signOutPage, new Dictionary<string, string>());
        Assert.NotNull(done.TestId("signed-out"));

        using var thief = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "k1.session=" + copied);
        var response = await thief.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Accounts/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static IEnumerable<string> CookieNames(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split('=')[0]) : [];
}
