using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Accounts;

/// <summary>What an operator watches of KaseyaOne's sign-ins (README, Observability): each counter moves with its journey.</summary>
public sealed class SignInCounterTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Observability_FailedSignInsAreCountedByCause_AndTheLockoutOnce()
    {
        var user = await factory.CreateAsync();
        using var failures = factory.Counter("kaseyaone.accounts", "kaseyaone.signin.failures");
        using var lockouts = factory.Counter("kaseyaone.accounts", "kaseyaone.lockouts");
        using var browser = factory.NewBrowser();

        await browser.EnterPasswordAsync(IdentityFactory.Company, "nobody-" + user, AccountBuilder.Password);
        for (var i = 0; i < 5; i++)
        {
            await browser.EnterPasswordAsync(IdentityFactory.Company, user, "wrong-password");
        }
        await browser.EnterPasswordAsync(IdentityFactory.Company, user);

        var counted = failures.GetMeasurementSnapshot();
        Assert.Equal(["unknown_account", "wrong_password", "wrong_password", "wrong_password", "wrong_password", "wrong_password", "locked_out"],
            counted.Select(m => m.Tags["cause"]));
        Assert.All(counted, m => Assert.Equal("web", m.Tags["channel"]));
        var lockout = Assert.Single(lockouts.GetMeasurementSnapshot());
        Assert.Equal(1, lockout.Value);
    }

    [Fact]
    public async Task Observability_ACompletedSignInIsCounted_AndAWrongCodeIsAFailureOfItsOwnCause()
    {
        var user = await factory.CreateAsync();
        using var signIns = factory.Counter("kaseyaone.accounts", "kaseyaone.signins");
        using var failures = factory.Counter("kaseyaone.accounts", "kaseyaone.signin.failures");
        using var browser = factory.NewBrowser();

        await browser.SignInAsync(IdentityFactory.Company, user);
        using var other = factory.NewBrowser();
        await other.SubmitCodeAsync(await other.EnterPasswordAsync(IdentityFactory.Company, user), "000000");

        var signIn = Assert.Single(signIns.GetMeasurementSnapshot());
        Assert.Equal("local", signIn.Tags["method"]);
        Assert.Equal("wrong_code", Assert.Single(failures.GetMeasurementSnapshot()).Tags["cause"]);
    }
}
