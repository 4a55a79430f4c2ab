using System.Net;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>
/// SPEC rule 9: only KaseyaOne's logout (front-channel with iss and sid, or a signed back-channel token) ends a
/// BMS session from outside; the OpenID Connect handler's own remote sign-out path, which checks neither, is closed.
/// </summary>
public sealed class RemoteSignOutTests(BmsFactory fixture) : IClassFixture<BmsFactory>
{
    [Theory]
    [InlineData("/kaseyaone/handler-remote-signout")]
    [InlineData("/kaseyaone/handler-remote-signout?iss=http%3A%2F%2Fevil.example%2F&sid=anything")]
    public async Task Rule9_ABareGetOfTheHandlersRemoteSignOutPathEndsNoSession(string url)
    {
        using var browser = fixture.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, "bob");

        var answer = await browser.OpenAsync(url);
        var after = await browser.OpenAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("/", after.Path);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }
}
