namespace SsoSuite.EndToEnd;

[Collection(TwoSiteCollection.Name)]
public sealed class TwoSiteLogoutJourney(TwoSiteSuite suite)
{
    /// <summary>
    /// KaseyaOne and BMS on two sites: Chromium sends no BMS cookie to the front-channel frame, and the
    /// BMS session still ends, because KaseyaOne's logout reaches BMS server to server.
    /// </summary>
    [Fact]
    public Task Journey_LogoutEndsTheBmsSessionEvenWithoutThirdPartyCookies() => LogoutJourney.RunAsync(suite);
}
