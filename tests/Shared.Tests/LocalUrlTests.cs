using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Tests;

/// <summary>SPEC rule 13: a redirect target is a path on this site, or the home page instead.</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Launcher")]
    [InlineData("/connect/authorize?client_id=bms&redirect_uri=http%3A%2F%2Flocalhost%3A5200%2Fsignin-kaseyaone")]
    [InlineData("/%2F%2Fevil.example")]
    public void Rule13_APathOnThisSiteIsKept(string url)
    {
        Assert.True(LocalUrl.IsLocal(url));
        Assert.Equal(url, LocalUrl.OrHome(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("\t//evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("https:evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/caf\u00e9")]
    [InlineData("/a b")]
    public void Rule13_ATargetABrowserCouldReadAsAnotherHostBecomesTheHomePage(string? url)
    {
        Assert.False(LocalUrl.IsLocal(url));
        Assert.Equal("/", LocalUrl.OrHome(url));
    }

    [Fact]
    public void Rule13_AnOversizedTargetBecomesTheHomePage() =>
        Assert.Equal("/", LocalUrl.OrHome("/" + new string('a', LocalUrl.MaxLength)));
}
