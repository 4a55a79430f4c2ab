using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Accounts;

/// <summary>SPEC rule 13: one account takes only so many sign-in posts a minute, password and code steps together.</summary>
public sealed class SignInLimitsTests
{
    [Fact]
    public async Task Rule13_TheCodeStepsShareTheAccountsPostsPerMinute_ThenTheNextMinuteOpens()
    {
        // The clock stands still unless the test moves it: every post before the Advance falls in one minute.
        await using var identity = new IdentityFactory { SignInPostsPerAccountPerMinute = 3 };
        var user = await identity.CreateAsync();
        using var browser = identity.NewBrowser();

        var enrol = await browser.EnterPasswordAsync(IdentityFactory.Company, user);
        var secret = KaseyaOneForms.SecretOn(enrol);
        var second = await browser.SubmitCodeAsync(enrol, "000000");
        var third = await browser.SubmitCodeAsync(enrol, "000000");
        var fourth = await browser.SubmitCodeAsync(enrol, "000000");
        var failures = await identity.WithDbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.FailedSignIns).SingleAsync());
        identity.Clock.Advance(TimeSpan.FromMinutes(1));
        var nextMinute = await browser.SubmitCodeAsync(enrol, identity.Authenticator.NextCode(secret));

        Assert.Equal(SignInMessages.WrongCode, second.TestId("sign-in-message"));
        Assert.Equal(SignInMessages.WrongCode, third.TestId("sign-in-message"));
        // Refused unchecked: not a counted failure, and the same secret is still on offer.
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.Status);
        Assert.Equal(SignInMessages.TooManyAttempts, fourth.TestId("sign-in-message"));
        Assert.Equal(secret, KaseyaOneForms.SecretOn(fourth));
        Assert.Equal(2, failures);
        Assert.Equal("/", nextMinute.Path);
        Assert.NotNull(browser.Cookie("k1.session"));
    }
}
