using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Layout;

/// <summary>
/// SPEC rule 13: the error page tells the status the request really got; asked for directly it is a page that does
/// not exist, whatever its query says, so that nobody can make KaseyaOne answer a 5xx at will.
/// </summary>
public sealed class ErrorPageTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Theory]
    [InlineData("/Error?status=500")]
    [InlineData("/Error?status=503")]
    [InlineData("/Error")]
    public async Task Rule13_TheErrorPageAskedForItselfIsNotFound(string path)
    {
        using var browser = factory.NewBrowser();

        var page = await browser.OpenAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.True(page.Contains("Page not found"));
    }

    [Fact]
    public async Task Rule13_AMissingPageGetsTheErrorPageWithItsOwnStatus()
    {
        using var browser = factory.NewBrowser();

        var page = await browser.OpenAsync("/no-such-page?status=500");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.True(page.Contains("Page not found"));
    }
}
