using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>kaseyaone.tokens.issued (README, Observability): every token an answer carried, by type, and nothing for a refused one.</summary>
public sealed class TokenCounterTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Observability_TheCodeFlowCountsTheCodeThenTheAccessIdentityAndRefreshTokens_AndARefusedReplayNothing()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        using var issued = factory.Counter("kaseyaone.oidc", "kaseyaone.tokens.issued");

        var code = rp.CodeFrom(await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl()));
        var (first, _) = await rp.RedeemAsync(code);
        var (replay, _) = await rp.RedeemAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(["authorization_code", "access_token", "id_token", "refresh_token"],
            issued.GetMeasurementSnapshot().Select(m => m.Tags["type"]));
    }
}
