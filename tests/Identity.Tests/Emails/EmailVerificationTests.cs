using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Emails;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Mail;

namespace SsoSuite.Identity.Tests.Emails;

/// <summary>SPEC rule 16: an email is verified only once its owner typed back the code mailed to it.</summary>
public sealed class EmailVerificationTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private Inbox Inbox => new(factory.DataFolder);

    private static string EmailOf(string user) => user + "@acme.example";

    private async Task<bool> IsVerifiedAsync(string user) =>
        await factory.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.EmailVerifiedAt != null).SingleAsync());

    /// <summary>A new, unverified account signs in: KaseyaOne shows the verification page and has mailed a code.</summary>
    private async Task<(FormBrowser Browser, string User, Page Verify)> SignInUnverifiedAsync(string? returnUrl = null)
    {
        var user = await factory.CreateAsync(emailVerified: false);
        var browser = factory.NewBrowser();
        var verify = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: returnUrl);
        Assert.Equal(EmailVerification.VerifyPath, verify.Path);
        return (browser, user, verify);
    }

    private static Task<Page> TypeCodeAsync(FormBrowser browser, Page verify, string code) =>
        browser.SubmitAsync(verify, new Dictionary<string, string> { ["Code"] = code }, action: EmailVerification.VerifyPath);

    private static Task<Page> ResendAsync(FormBrowser browser, Page verify) =>
        browser.SubmitAsync(verify, new Dictionary<string, string>(), action: "?handler=Resend");

    private static async Task<JsonElement> IdTokenClaimsAsync(RelyingParty rp, Page afterAuthorize)
    {
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(afterAuthorize));
        var idToken = await rp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        var (_, userinfo) = await rp.UserInfoAsync(tokens.GetProperty("access_token").GetString());
        Assert.Equal(idToken.GetClaim("email_verified").Value, userinfo.GetProperty("email_verified").GetBoolean() ? "true" : "false");
        return userinfo;
    }

    [Fact]
    public async Task Rule16_DemoAccountsAreVerified()
    {
        var unverified = await factory.WithDbAsync(db => db.Accounts.Where(a => a.EmailVerifiedAt == null).Select(a => a.UserName).ToListAsync());

        Assert.DoesNotContain("alice", unverified);
        Assert.DoesNotContain("bob", unverified);
        Assert.DoesNotContain("gina", unverified);
    }

    [Fact]
    public async Task Journey_FirstSignInMailsACode_IdTokenSaysUnverifiedUntilItComesBack_ThenVerified()
    {
        var user = await factory.CreateAsync(emailVerified: false);
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);

        // Signed in, not blocked: the verification page comes first, and "Not now" goes on to the client.
        var verify = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        Assert.Equal(EmailVerification.VerifyPath, verify.Path);
        Assert.Equal(EmailMessages.Sent(EmailOf(user)), verify.TestId("email-message"));
        Assert.Single(Inbox.To(EmailOf(user)));
        var notNow = await browser.OpenAsync(QueryHelpers.ParseQuery(verify.Url.Query)["returnUrl"].ToString());
        Assert.False((await IdTokenClaimsAsync(rp, notNow)).GetProperty("email_verified").GetBoolean());

        verify = await browser.OpenAsync(EmailVerification.VerifyPath);
        Assert.Single(Inbox.To(EmailOf(user))); // the waiting code is not sent again
        var home = await TypeCodeAsync(browser, verify, Inbox.LatestCodeTo(EmailOf(user)));

        Assert.Equal("/", home.Path);
        Assert.False(home.Has("email-unverified"));
        Assert.True(await IsVerifiedAsync(user));
        var again = new RelyingParty(browser.Http);
        var claims = await IdTokenClaimsAsync(again, await browser.OpenAsync(again.AuthorizeUrl()));
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
        Assert.Equal(EmailOf(user), claims.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Rule13_AStoredAddressNoMailCanBeSentToGetsTheNotSentMessage_NeverA500()
    {
        var user = await factory.CreateAsync(emailVerified: false);
        await factory.WithDbAsync(async db =>
        {
            (await db.Accounts.SingleAsync(a => a.UserName == user)).Email = "odd one@acme.example";
            return await db.SaveChangesAsync();
        });
        using var browser = factory.NewBrowser();

        var verify = await browser.SignInAsync(IdentityFactory.Company, user);

        Assert.Equal((EmailVerification.VerifyPath, System.Net.HttpStatusCode.OK), (verify.Path, verify.Status));
        Assert.Equal(EmailMessages.NotSent, verify.TestId("email-message"));
        Assert.False(await factory.WithDbAsync(db => db.Set<EmailCode>().AnyAsync(c => c.Email == "odd one@acme.example")));
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("12345")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public async Task Rule16_AWrongOrMalformedCodeGetsAClearMessageAndVerifiesNothing(string kind)
    {
        var (browser, user, verify) = await SignInUnverifiedAsync();
        var code = Inbox.LatestCodeTo(EmailOf(user));
        var typed = kind == "wrong" ? ((int.Parse(code) + 1) % 1_000_000).ToString("D6") : kind;

        var refused = await TypeCodeAsync(browser, verify, typed);

        Assert.Equal(EmailVerification.VerifyPath, refused.Path);
        Assert.Equal(kind == "wrong" ? EmailMessages.Wrong : EmailMessages.Malformed, refused.TestId("email-message"));
        Assert.False(await IsVerifiedAsync(user));
        // The right code still works afterwards.
        Assert.Equal("/", (await TypeCodeAsync(browser, refused, code)).Path);
        Assert.True(await IsVerifiedAsync(user));
    }

    [Fact]
    public async Task Rule16_FiveWrongCodesSpendTheCode_ANewOneIsNeeded()
    {
        var (browser, user, verify) = await SignInUnverifiedAsync();
        var code = Inbox.LatestCodeTo(EmailOf(user));
        var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");
        for (var i = 0; i < 5; i++)
        {
            verify = await TypeCodeAsync(browser, verify, wrong);
        }

        var refused = await TypeCodeAsync(browser, verify, code);

        Assert.Equal(EmailMessages.TooManyWrong, refused.TestId("email-message"));
        Assert.False(await IsVerifiedAsync(user));
    }

    /// <summary>
    /// SPEC rules 13 and 16: wrong codes count towards the account's lockout, so a new code every minute does not make
    /// guessing an address one does not own free (five wrong per code, then a new code, for ever). Locked, the account
    /// checks no code, not even the right one, until the lockout ends.
    /// </summary>
    [Fact]
    public async Task Rule13_WrongEmailCodesLockTheAccount_ANewCodeDoesNotStartAgain()
    {
        var (browser, user, verify) = await SignInUnverifiedAsync();
        var code = Inbox.LatestCodeTo(EmailOf(user));
        var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");
        for (var i = 0; i < 4; i++)
        {
            verify = await TypeCodeAsync(browser, verify, wrong);
            Assert.Equal(EmailMessages.Wrong, verify.TestId("email-message"));
        }
        verify = await TypeCodeAsync(browser, verify, wrong);
        Assert.Equal(SignInMessages.LockedOut, verify.TestId("email-message"));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var resent = await ResendAsync(browser, verify);
        var whileLocked = await TypeCodeAsync(browser, resent, Inbox.LatestCodeTo(EmailOf(user)));
        Assert.Equal(SignInMessages.LockedOut, whileLocked.TestId("email-message"));
        Assert.False(await IsVerifiedAsync(user));

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var afterLockout = await ResendAsync(browser, whileLocked);
        Assert.Equal("/", (await TypeCodeAsync(browser, afterLockout, Inbox.LatestCodeTo(EmailOf(user)))).Path);
        Assert.True(await IsVerifiedAsync(user));
    }

    [Fact]
    public async Task Rule16_AnExpiredCodeIsRefused_AResentOneVerifies()
    {
        var (browser, user, verify) = await SignInUnverifiedAsync();
        var expired = Inbox.LatestCodeTo(EmailOf(user));
        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        var refused = await TypeCodeAsync(browser, verify, expired);

        Assert.Equal(EmailMessages.Expired, refused.TestId("email-message"));
        Assert.False(await IsVerifiedAsync(user));
        var resent = await ResendAsync(browser, refused);
        Assert.Equal(EmailMessages.Resent(EmailOf(user)), resent.TestId("email-message"));
        Assert.Equal("/", (await TypeCodeAsync(browser, resent, Inbox.LatestCodeTo(EmailOf(user)))).Path);
        Assert.True(await IsVerifiedAsync(user));
    }

    [Fact]
    public async Task Rule16_ResendWaitsAMinute_ThenReplacesTheCode()
    {
        var (browser, user, verify) = await SignInUnverifiedAsync();
        var first = Inbox.LatestCodeTo(EmailOf(user));

        var tooSoon = await ResendAsync(browser, verify);
        Assert.Equal(EmailMessages.TooSoon, tooSoon.TestId("email-message"));
        Assert.Single(Inbox.To(EmailOf(user)));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var resent = await ResendAsync(browser, tooSoon);
        Assert.Equal(2, Inbox.To(EmailOf(user)).Count);
        var second = Inbox.LatestCodeTo(EmailOf(user));
        if (second != first)
        {
            Assert.Equal(EmailMessages.Wrong, (await TypeCodeAsync(browser, resent, first)).TestId("email-message"));
        }
        Assert.Equal("/", (await TypeCodeAsync(browser, resent, second)).Path);
        Assert.True(await IsVerifiedAsync(user));
    }

    [Fact]
    public async Task Rule16_AUsedCodeDoesNotVerifyANewAddress()
    {
        var (browser, user, verify) = await SignInUnverifiedAsync();
        var code = Inbox.LatestCodeTo(EmailOf(user));
        await TypeCodeAsync(browser, verify, code);
        var settings = await browser.OpenAsync(ProfileEmailPath);
        var changed = await browser.SubmitAsync(settings, ChangeTo("second-" + EmailOf(user)));

        var refused = await TypeCodeAsync(browser, changed, code);

        Assert.Equal(EmailVerification.VerifyPath, refused.Path);
        Assert.False(await IsVerifiedAsync(user));
    }

    private const string ProfileEmailPath = "/Profile/Email";

    private static Dictionary<string, string> ChangeTo(string email, string password = AccountBuilder.Password) =>
        new() { ["NewEmail"] = email, ["CurrentPassword"] = password };

    [Fact]
    public async Task Rule16_ChangingTheEmailAsksTheCurrentPassword_AWrongOneChangesNothing()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);

        var refused = await browser.SubmitAsync(await browser.OpenAsync(ProfileEmailPath), ChangeTo("taken-" + EmailOf(user), "not-the-password"));

        Assert.Equal(ProfileEmailPath, refused.Path);
        Assert.Equal("The current password is incorrect.", refused.TestId("email-message"));
        Assert.Equal(EmailOf(user), refused.TestId("current-email"));
        Assert.True(await IsVerifiedAsync(user));
        Assert.Empty(Inbox.To("taken-" + EmailOf(user)));
    }

    [Fact]
    public async Task Rule16_ChangingTheEmailMakesItUnverified_UntilTheNewAddressProvesIt()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var newEmail = "new-" + EmailOf(user);

        var settings = await browser.OpenAsync(ProfileEmailPath);
        Assert.Equal("(verified)", settings.TestId("email-status"));
        var verify = await browser.SubmitAsync(settings, ChangeTo(newEmail));

        Assert.Equal(EmailVerification.VerifyPath, verify.Path);
        Assert.Equal(EmailMessages.Waiting(newEmail), verify.TestId("email-message"));
        Assert.False(await IsVerifiedAsync(user));
        Assert.Contains(Inbox.To(EmailOf(user)), mail => (mail.Subject ?? "").Contains("changed", StringComparison.Ordinal));
        var rp = new RelyingParty(browser.Http);
        var before = await IdTokenClaimsAsync(rp, await browser.OpenAsync(rp.AuthorizeUrl()));
        Assert.Equal(newEmail, before.GetProperty("email").GetString());
        Assert.False(before.GetProperty("email_verified").GetBoolean());

        var back = await TypeCodeAsync(browser, verify, Inbox.LatestCodeTo(newEmail));

        Assert.Equal(ProfileEmailPath, back.Path);
        Assert.Equal("(verified)", back.TestId("email-status"));
        Assert.True(await IsVerifiedAsync(user));
    }

    /// <summary>
    /// Changing the address again and again mails no more often than a resend may: an address typed within the minute
    /// gets its code only once the minute is over, when asked (each change would otherwise mail any address at once).
    /// </summary>
    [Fact]
    public async Task Rule16_ChangingTheAddressAgainWithinAMinute_MailsTheNewAddressOnlyAfterTheMinute()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var (first, second) = ("first-" + EmailOf(user), "second-" + EmailOf(user));
        await browser.SubmitAsync(await browser.OpenAsync(ProfileEmailPath), ChangeTo(first));
        Assert.Single(Inbox.To(first));

        var tooSoon = await browser.SubmitAsync(await browser.OpenAsync(ProfileEmailPath), ChangeTo(second));

        Assert.Equal(EmailVerification.VerifyPath, tooSoon.Path);
        Assert.Equal(EmailMessages.TooSoon, tooSoon.TestId("email-message"));
        Assert.Empty(Inbox.To(second));
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = await ResendAsync(browser, tooSoon);
        Assert.Single(Inbox.To(second));
        // The first address's code verifies nothing now; the second's does.
        if (Inbox.LatestCodeTo(first) != Inbox.LatestCodeTo(second))
        {
            Assert.Equal(EmailMessages.Wrong, (await TypeCodeAsync(browser, sent, Inbox.LatestCodeTo(first))).TestId("email-message"));
        }
        Assert.Equal(ProfileEmailPath, (await TypeCodeAsync(browser, sent, Inbox.LatestCodeTo(second))).Path);
        Assert.True(await IsVerifiedAsync(user));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("two@acme.example, three@acme.example")]
    [InlineData("")]
    public async Task Rule16_AnInvalidNewEmailGetsAClearMessageAndChangesNothing(string typed)
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);

        var refused = await browser.SubmitAsync(await browser.OpenAsync(ProfileEmailPath), ChangeTo(typed));

        Assert.Equal(ProfileEmailPath, refused.Path);
        Assert.Equal(EmailMessages.InvalidAddress, refused.TestId("email-message"));
        Assert.Equal(EmailOf(user), refused.TestId("current-email"));
        Assert.True(await IsVerifiedAsync(user));
    }

    [Fact]
    public async Task Rule16_MailSettingsThatWouldSendAPasswordInClearStopTheApp()
    {
        var folder = Directory.CreateTempSubdirectory("ssosuite-test-").FullName;
        await using var app = IdentityFactory.On(folder, new Dictionary<string, string?>
        {
            ["Mail:Host"] = "smtp.example.com",
            ["Mail:UserName"] = "kaseyaone",
            ["Mail:Password"] = "secret",
            ["Mail:Security"] = "None",
        });

        var failure = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Mail:Security None would send Mail:Password in clear", failure.ToString(), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}
