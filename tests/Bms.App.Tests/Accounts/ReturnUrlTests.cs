using System.Net;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>SPEC rule 13: BMS's login page ignores where a link tells it to go next; a login always lands on the dashboard.</summary>
public sealed class ReturnUrlTests(BmsFactory fixture) : IClassFixture<BmsFactory>
{
    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("https:evil.example")]
    [InlineData("%2F%2Fevil.example")]
    public async Task Rule13_ALoginWithAForeignReturnUrlLandsOnTheDashboard(string returnUrl)
    {
        using var browser = fixture.NewBrowser();
        var login = await browser.OpenAsync("/Accounts/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        var landed = await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Company"] = BmsFactory.Acme, ["UserName"] = "bob", ["Password"] = AccountBuilder.Password,
        });

        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal("localhost", landed.Url.Host);
        Assert.Equal("/", landed.Path);
    }
}
