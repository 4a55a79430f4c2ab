using SsoSuite.Identity.Sessions;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>SPEC rule 14: My sessions names each session's browser and system, from Client Hints first, else the User-Agent.</summary>
public sealed class BrowserDescriptionTests
{
    [Fact]
    public void Rule14_ClientHintsNameTheBrandNotTheEngineOrTheGreaseBrand()
    {
        var described = BrowserDescription.Of("\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"", "\"Windows\"", "whatever");

        Assert.Equal(new BrowserDescription("Google Chrome", "Windows"), described);
    }

    [Fact]
    public void Rule14_PlainChromiumIsNamedChromium()
    {
        Assert.Equal("Chromium", BrowserDescription.Of("\"Not)A;Brand\";v=\"8\", \"Chromium\";v=\"138\"", "\"Linux\"", null).Browser);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0", "Microsoft Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox", "Linux")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 OPR/110.0", "Opera", "Windows")]
    [InlineData("curl/8.5.0", "Unknown", "Unknown")]
    public void Rule14_WithoutClientHintsTheUserAgentIsMapped(string userAgent, string browser, string system)
    {
        Assert.Equal(new BrowserDescription(browser, system), BrowserDescription.Of(null, null, userAgent));
    }

    [Fact]
    public void Rule14_AClientHintWithAControlCharacterIsNotTakenAsAName()
    {
        var described = BrowserDescription.Of("\"Evil\u001b[2J\";v=\"1\", \"Chromium\";v=\"138\"", "\"Lin\u0007ux\"",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36");

        Assert.Equal(new BrowserDescription("Chromium", "Linux"), described);
    }
}
