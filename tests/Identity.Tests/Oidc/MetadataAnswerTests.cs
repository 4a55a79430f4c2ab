using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>Discovery and JWKS answered from memory still look like every other answer, and server timing is opt-in.</summary>
public sealed class MetadataAnswerTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    public async Task Metadata_FromMemory_CarriesTheSameSecurityHeadersAsTheFirstAnswer(string path)
    {
        using var client = factory.CreateClient();
        using var first = await client.GetAsync(path);
        using var second = await client.GetAsync(path);

        foreach (var response in new[] { first, second })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        }
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServerTiming_IsNotSentUnlessSwitchedOn()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.False(response.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task ServerTiming_WhenSwitchedOn_TellsTheServersOwnTime()
    {
        using var timed = IdentityFactory.On(factory.DataFolder, new Dictionary<string, string?> { ["Diagnostics:ServerTiming"] = "true" });
        using var client = timed.CreateClient();
        using var response = await client.GetAsync("/Accounts/Login");

        var header = Assert.Single(response.Headers.GetValues("Server-Timing"));
        Assert.Matches(@"^app;dur=\d+(\.\d+)?$", header);
    }
}
