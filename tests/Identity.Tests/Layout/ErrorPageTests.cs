using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Layout;

/// <summary>
/// SPEC rule 13: the error page (Shared's <c>ErrorPageModel</c>, BMS's too) tells the status the request really got;
/// asked for directly it is a page that does not exist, whatever its query says, so that nobody can make the app
/// answer a 5xx at will.
/// </summary>
public sealed class ErrorPageTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Theory]
    [InlineData("/Error?status=500")]
    [InlineData("/Error?status=503")]
    [InlineData("/Error")]
    [InlineData("/no-such-page?status=500")]
    public async Task Rule13_TheErrorPageAnswersTheRequestsOwnStatus_NeverOneItsQueryNames(string path)
    {
        using var browser = factory.NewBrowser();

        var page = await browser.OpenAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.True(page.Contains("Page not found"));
    }
}
