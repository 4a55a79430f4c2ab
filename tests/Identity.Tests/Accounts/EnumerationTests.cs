using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Accounts;

/// <summary>SPEC rule 13: the password step's answer does not tell a stranger whether an account exists or is locked.</summary>
public sealed class EnumerationTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Rule13_ALockedAccountAndAnUnknownOneGetTheSameAnswer()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        for (var i = 0; i < 5; i++)
        {
            await browser.EnterPasswordAsync(IdentityFactory.Company, user, "wrong");
        }

        var locked = await browser.EnterPasswordAsync(IdentityFactory.Company, user);
        var unknown = await browser.EnterPasswordAsync(IdentityFactory.Company, "no-such-user");

        Assert.Equal("/Accounts/Login", locked.Url.AbsolutePath);
        Assert.Equal(SignInMessages.Failed, locked.TestId("sign-in-message"));
        Assert.Equal(unknown.TestId("sign-in-message"), locked.TestId("sign-in-message"));
    }
}
