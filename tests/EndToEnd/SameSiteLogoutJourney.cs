namespace SsoSuite.EndToEnd;

[Collection(LogoutCollection.Name)]
public sealed class SameSiteLogoutJourney(LogoutSuite suite)
{
    [Fact]
    public Task Journey_LogoutFromEitherAppEndsBothSessions() => LogoutJourney.RunAsync(suite);
}
