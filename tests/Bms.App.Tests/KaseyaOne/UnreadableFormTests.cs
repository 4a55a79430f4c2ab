using System.Net;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rule 13: a form the framework cannot parse within its limits (too many fields, too long a name, a broken
/// multipart body) is a bad request on the back-channel logout (unauthenticated) and on a signed-in user's link and
/// unlink posts, the error page's "Bad request"; never a 500, and nothing is linked, unlinked or signed out.
/// </summary>
public sealed class UnreadableFormTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    public static IEnumerable<object[]> EveryForm() => BadlyEncoded.UnreadableEverywhere(["/kaseyaone/backchannel-logout"]);

    public static IEnumerable<object[]> EveryLinkPostAndForm() =>
        BadlyEncoded.UnreadableEverywhere(["/kaseyaone/link", "/kaseyaone/unlink"]);

    [Theory]
    [MemberData(nameof(EveryForm))]
    public async Task Rule13_AnUnreadableBackChannelLogoutFormIsABadRequest(string path, string form)
    {
        using var client = factory.CreateClient();

        var answer = await BadlyEncoded.UnreadableFormAsync(client, path, form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("<h1>Bad request</h1>", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryLinkPostAndForm))]
    public async Task Rule13_AnUnreadableLinkFormOfASignedInUserIsABadRequest(string path, string form)
    {
        var user = "unreadable-" + Guid.NewGuid().ToString("N")[..6];
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, user);
        using var browser = factory.NewBrowser();
        await browser.LogInToBmsAsync(BmsFactory.Acme, user);

        var answer = await BadlyEncoded.UnreadableFormAsync(browser.Http, path, form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("<h1>Bad request</h1>", answer.Body, StringComparison.Ordinal);
    }
}
