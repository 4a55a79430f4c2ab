using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Browsing;

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

    /// <summary>
    /// What the benchmark's login figures rest on: a password post says, apart from its time, the CPU its password hash
    /// took (an unknown account's included, which is hashed all the same); an answer that hashed nothing says no such thing.
    /// </summary>
    [Fact]
    public async Task ServerTiming_WhenSwitchedOn_TellsAPasswordHashsCpuApart()
    {
        using var timed = IdentityFactory.On(factory.DataFolder, new Dictionary<string, string?> { ["Diagnostics:ServerTiming"] = "true" });
        var timings = new List<(HttpMethod Method, string Header)>();
        using var browser = new FormBrowser(new HttpMessageInvoker(new TimingRecorder(timings, timed.Server.CreateHandler())), timed.Server.BaseAddress);

        await browser.EnterPasswordAsync("No Such Company", "nobody", "not-the-password-1");

        var (_, opened) = timings.First(t => t.Method == HttpMethod.Get);
        Assert.Matches(@"^app;dur=[\d.]+$", opened);
        var (_, posted) = Assert.Single(timings, t => t.Method == HttpMethod.Post);
        var match = System.Text.RegularExpressions.Regex.Match(posted, @"^app;dur=[\d.]+, hash;dur=([\d.]+);desc=""password hash CPU""$");
        Assert.True(match.Success, posted);
        // PBKDF2 with ASP.NET Core Identity's iterations: milliseconds of CPU, never nothing.
        Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1, posted);
    }

    private sealed class TimingRecorder(List<(HttpMethod, string)> timings, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            timings.Add((request.Method, string.Join(", ", response.Headers.GetValues("Server-Timing"))));
            return response;
        }
    }
}
