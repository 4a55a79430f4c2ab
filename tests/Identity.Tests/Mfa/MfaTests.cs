using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Mfa;

/// <summary>SPEC rule 1: no KaseyaOne session and no token before a valid, unused 6-digit code.</summary>
public sealed class MfaTests(IdentityFactory factory, IdentityOnEachStore stores) : IClassFixture<IdentityFactory>, IClassFixture<IdentityOnEachStore>
{
    [Fact]
    public async Task Rule1_FirstSignInShowsQrCodeAndManualSecret()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();

        var enrol = await browser.EnterPasswordAsync(IdentityFactory.Company, user);

        Assert.Equal("/Mfa/Enrol", enrol.Url.AbsolutePath);
        Assert.Contains("src=\"data:image/png;base64,", enrol.Html, StringComparison.Ordinal);
        Assert.Contains("Show secret key for manual configuration", enrol.Html, StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{32}$", KaseyaOneForms.SecretOn(enrol));
    }

    [Fact]
    public async Task Rule1_NoSessionAndNoCodeForTheClientBeforeEnrolmentIsConfirmed()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var login = await browser.OpenAsync(rp.AuthorizeUrl());

        var enrol = await browser.SubmitPasswordAsync(login, IdentityFactory.Company, user);
        Assert.Equal("/Mfa/Enrol", enrol.Url.AbsolutePath);

        // Password alone: the client's request goes back to the sign-in, never to the client.
        var again = await browser.OpenAsync(rp.AuthorizeUrl());
        Assert.Null(again.LeftTo);
        Assert.Equal("/Accounts/Login", again.Url.AbsolutePath);
        Assert.Null(browser.Cookie("k1.session"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Sessions.CountAsync(s => db.Accounts.Any(a => a.Id == s.AccountId && a.UserName == user))));
    }

    [Fact]
    public async Task Rule1_EachSignInAttemptIsOfferedItsOwnSecret_OnlyTheConfirmedOneIsStored()
    {
        // Whoever else knows the password (the admin who set it) gets a secret of their own, not the owner's.
        var user = await factory.CreateAsync();
        using var owner = factory.NewBrowser();
        using var snooper = factory.NewBrowser();

        var ownerEnrol = await owner.EnterPasswordAsync(IdentityFactory.Company, user);
        var snooperEnrol = await snooper.EnterPasswordAsync(IdentityFactory.Company, user);
        var storedBefore = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.TotpSecret).SingleAsync());
        var ownerSecret = KaseyaOneForms.SecretOn(ownerEnrol);
        var reloaded = await owner.OpenAsync(ownerEnrol.Url.PathAndQuery);

        Assert.NotEqual(ownerSecret, KaseyaOneForms.SecretOn(snooperEnrol));
        Assert.Equal(ownerSecret, KaseyaOneForms.SecretOn(reloaded));
        Assert.Null(storedBefore);

        var home = await owner.SubmitCodeAsync(ownerEnrol, factory.Authenticator.NextCode(ownerSecret));
        var late = await snooper.SubmitCodeAsync(snooperEnrol, factory.Authenticator.NextCode(KaseyaOneForms.SecretOn(snooperEnrol)));

        Assert.Equal("/", home.Path);
        // The snooper's sign-in was under way for an account without an authenticator; the owner's enrolment ended it, so
        // it starts again at the password, after which the owner's authenticator is asked for.
        Assert.Equal("/Accounts/Login", late.Path);
        Assert.Null(snooper.Cookie("k1.session"));
        factory.Authenticator.Enrol(IdentityFactory.Company, user, ownerSecret);
        using var again = factory.NewBrowser();
        Assert.Equal("/", (await again.SignInAsync(IdentityFactory.Company, user)).Path);
    }

    [Fact]
    public async Task Rule1_WrongEnrolmentCodeIsRefusedAndTheSecretStaysTheSame()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var enrol = await browser.EnterPasswordAsync(IdentityFactory.Company, user);

        var refused = await browser.SubmitCodeAsync(enrol, "123456");

        Assert.Equal(SignInMessages.WrongCode, refused.TestId("sign-in-message"));
        Assert.Equal(KaseyaOneForms.SecretOn(enrol), KaseyaOneForms.SecretOn(refused));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule1_ACodeIsAcceptedOnce_ItsReplayIsRefused(Store store)
    {
        var factory = stores.On(store);
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var secret = factory.Authenticator.SecretOf(IdentityFactory.Company, user);

        using var second = factory.NewBrowser();
        var codePage = await second.EnterPasswordAsync(IdentityFactory.Company, user);
        var replay = await second.SubmitCodeAsync(codePage, factory.Authenticator.LastCode(secret));

        Assert.Equal(SignInMessages.WrongCode, replay.TestId("sign-in-message"));
        Assert.Null(second.Cookie("k1.session"));
    }

    /// <summary>
    /// A refused code is not shown again (the six-character field would take none of the next code's digits until the old
    /// ones were deleted), on the code page and at enrolment; and Start again keeps the way back to the client that asked.
    /// </summary>
    [Fact]
    public async Task Journey_ARefusedCodeIsNotShownAgain_AndStartAgainKeepsTheWayBackToTheClient()
    {
        var user = await factory.CreateAsync();
        using var enrolling = factory.NewBrowser();
        var enrol = await enrolling.EnterPasswordAsync(IdentityFactory.Company, user);
        var refusedAtEnrolment = await enrolling.SubmitCodeAsync(enrol, "123456");
        await enrolling.SubmitCodeAsync(refusedAtEnrolment, factory.Authenticator.NextCode(KaseyaOneForms.SecretOn(refusedAtEnrolment)));
        using var browser = factory.NewBrowser();
        var authorize = new RelyingParty(browser.Http).AuthorizeUrl();
        var codePage = await browser.EnterPasswordAsync(IdentityFactory.Company, user, returnUrl: authorize);

        var refused = await browser.SubmitCodeAsync(codePage, "123456");

        foreach (var page in new[] { refusedAtEnrolment, refused })
        {
            Assert.Equal(SignInMessages.WrongCode, page.TestId("sign-in-message"));
            Assert.DoesNotContain("value=\"123456\"", page.Html, StringComparison.Ordinal);
        }
        var startAgain = System.Text.RegularExpressions.Regex.Match(refused.Html, "href=\"([^\"]+)\" data-testid=\"start-again\"").Groups[1].Value;
        Assert.Equal("/Accounts/Login?returnUrl=" + Uri.EscapeDataString(authorize), System.Net.WebUtility.HtmlDecode(startAgain));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    [InlineData("12 456")]
    public async Task Rule1_MalformedCodesAreRefused(string code)
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        using var second = factory.NewBrowser();
        var codePage = await second.EnterPasswordAsync(IdentityFactory.Company, user);

        var refused = await second.SubmitCodeAsync(codePage, code);

        Assert.Equal(SignInMessages.WrongCode, refused.TestId("sign-in-message"));
    }

    [Fact]
    public async Task Rule1_SecretsAreProtectedAtRest()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var secret = factory.Authenticator.SecretOf(IdentityFactory.Company, user);

        var stored = await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.TotpSecret).SingleAsync());

        Assert.NotNull(stored);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        var raw = Convert.FromBase64String(stored);
        Assert.NotEqual(OtpNet.Base32Encoding.ToBytes(secret), raw);
    }

    [Fact]
    public async Task Rule1_CodeStepCannotBeReachedWithoutThePassword()
    {
        using var browser = factory.NewBrowser();

        var page = await browser.OpenAsync("/Mfa/Code");

        Assert.Equal("/Accounts/Login", page.Url.AbsolutePath);
    }
}
