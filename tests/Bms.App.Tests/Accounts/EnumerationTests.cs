using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>SPEC rule 13: BMS's answers to strangers do not tell whether a user or a company exists.</summary>
public sealed class EnumerationTests(BmsFactory fixture) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Rule13_ALockedUserAndAnUnknownOneGetTheSameLoginAnswer()
    {
        await fixture.AddMfaEmployeeAsync(BmsFactory.Acme, "lockedout");
        using var browser = fixture.NewBrowser();
        for (var i = 0; i < 5; i++)
        {
            await browser.LogInToBmsAsync(BmsFactory.Acme, "lockedout", "wrong");
        }

        var locked = await browser.LogInToBmsAsync(BmsFactory.Acme, "lockedout");
        var unknown = await browser.LogInToBmsAsync(BmsFactory.Acme, "nosuchuser");

        Assert.Equal("/Accounts/Login", locked.Path);
        Assert.Equal(LoginMessages.Failed, locked.TestId("login-message"));
        Assert.Equal(unknown.TestId("login-message"), locked.TestId("login-message"));
    }

    [Fact]
    public async Task Rule7_TheLoginLinkStatusIsTheSameForAnUnknownCompanyAndOneWithoutTheIntegration()
    {
        using var client = fixture.CreateClient();

        var existing = await client.GetStringAsync(KaseyaOneLoginLink.StatusPath + "?company=" + Uri.EscapeDataString(BmsFactory.Globex));
        var unknown = await client.GetStringAsync(KaseyaOneLoginLink.StatusPath + "?company=No%20Such%20Company");

        Assert.Equal(unknown, existing);
    }
}
