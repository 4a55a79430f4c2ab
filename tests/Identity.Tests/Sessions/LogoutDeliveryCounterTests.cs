using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>kaseyaone.logout.deliveries (README, Observability): every back-channel logout attempt, by what the client answered.</summary>
public sealed class LogoutDeliveryCounterTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task SignInToTheClientAndSignOutAsync()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        await rp.RedeemAsync(rp.CodeFrom(await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl())));
        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());
    }

    [Fact]
    public async Task Observability_AClientThatIsDownCountsARetry_ThenTheDeliveryOnceItIsBack()
    {
        using var deliveries = factory.Counter("kaseyaone.sessions", "kaseyaone.logout.deliveries");
        factory.BackChannel.Answer = HttpStatusCode.ServiceUnavailable;
        await SignInToTheClientAndSignOutAsync();

        factory.BackChannel.Answer = HttpStatusCode.OK;
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await factory.Housekeeping.RunOnceAsync(CancellationToken.None);

        Assert.Equal(["retrying", "delivered"], deliveries.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public async Task Observability_AClientThatRefusesTheLogoutCountsARefusal()
    {
        using var deliveries = factory.Counter("kaseyaone.sessions", "kaseyaone.logout.deliveries");
        factory.BackChannel.Answer = HttpStatusCode.BadRequest;

        await SignInToTheClientAndSignOutAsync();

        Assert.Equal("refused", Assert.Single(deliveries.GetMeasurementSnapshot()).Tags["outcome"]);
    }
}
