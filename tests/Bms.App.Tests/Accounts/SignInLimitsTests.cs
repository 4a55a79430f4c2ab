using System.Net;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>SPEC rule 13 at BMS's door: a burst of guesses counts in full, and one user takes only so many login posts a minute.</summary>
public sealed class SignInLimitsTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Rule13_FiveParallelWrongCodesLockTheUser()
    {
        await factory.AddMfaEmployeeAsync(BmsFactory.Acme, "burst");
        using var browser = factory.NewBrowser();
        var codeStep = await browser.LogInToBmsAsync(BmsFactory.Acme, "burst");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            browser.SubmitAsync(codeStep, new Dictionary<string, string> { ["Code"] = $"00000{i}" })));

        await factory.WithDbAsync(async (db, _) =>
            Assert.NotNull((await db.Users.SingleAsync(u => u.UserName == "burst")).LockoutEnd));
        using var owner = factory.NewBrowser();
        Assert.Equal(LoginMessages.Failed, (await owner.LogInToBmsAsync(BmsFactory.Acme, "burst")).TestId("login-message"));
    }

    [Fact]
    public async Task Rule13_OneUserTakesOnlyTheConfiguredLoginPostsPerMinute_KnownOrNot_ThenTheNextMinuteOpens()
    {
        // The clock stands still unless the test moves it: every post below falls in one minute.
        await using var bms = new BmsFactory { SignInPostsPerAccountPerMinute = 3 };
        using var browser = bms.NewBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LoginMessages.Failed, (await browser.LogInToBmsAsync(BmsFactory.Acme, "bob", "wrong")).TestId("login-message"));
            Assert.Equal(LoginMessages.Failed, (await browser.LogInToBmsAsync(BmsFactory.Acme, "nobody", "wrong")).TestId("login-message"));
        }

        var fourth = await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");
        var unknownFourth = await browser.LogInToBmsAsync(BmsFactory.Acme, "nobody", "wrong");
        var otherUser = await browser.LogInToBmsAsync(BmsFactory.Acme, "alice");
        bms.Clock.Advance(TimeSpan.FromMinutes(1));
        using var later = bms.NewBrowser();
        var nextMinute = await later.LogInToBmsAsync(BmsFactory.Acme, "bob");

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.Status);
        Assert.Equal(LoginMessages.TooManyAttempts, fourth.TestId("login-message"));
        // An unknown user gets the same answer at the same count: the limit tells no one which users exist.
        Assert.Equal(HttpStatusCode.TooManyRequests, unknownFourth.Status);
        Assert.Equal(LoginMessages.TooManyAttempts, unknownFourth.TestId("login-message"));
        Assert.Equal("/", otherUser.Path);
        Assert.Equal("/", nextMinute.Path);
    }
}
