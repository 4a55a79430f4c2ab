using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using SsoSuite.Identity;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// KaseyaOne as deployed (Transport:HttpsOnly, a fixed Oidc:Issuer, one known proxy): HTTPS only, Secure
/// __Host- cookies, the security headers on HTML answers, forwarded headers believed from that proxy alone,
/// and an issuer no Host header can change.
/// </summary>
public sealed class TransportTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string Issuer = "https://k1.example/";
    private const string Proxy = "10.0.0.1";

    private WebApplicationFactory<IdentityApp> Deployed(int signInPostsPerMinute = 100_000) => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("Transport:HttpsOnly", "true");
        b.UseSetting("Transport:KnownProxies:0", Proxy);
        b.UseSetting("https_port", "443");
        b.UseSetting("Oidc:Issuer", Issuer);
        b.UseSetting("RateLimits:SignInPostsPerMinute", signInPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    private FormBrowser BrowserOn(WebApplicationFactory<IdentityApp> app) =>
        new(new HttpMessageInvoker(app.Server.CreateHandler()), new Uri(Issuer)) { Authenticator = factory.Authenticator };

    [Fact]
    public async Task Rule13_HtmlAnswersCarryCspHstsAndTheOtherSecurityHeaders()
    {
        using var app = Deployed();
        using var client = app.CreateDefaultClient(new Uri(Issuer));

        using var response = await client.GetAsync("/Accounts/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var csp = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Rule13_PlainHttpIsSentToHttps()
    {
        using var app = Deployed();
        using var client = app.CreateDefaultClient(new Uri("http://k1.example/"));

        using var response = await client.GetAsync("/Accounts/Login?x=1");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://k1.example/Accounts/Login?x=1", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Rule13_EveryCookieOfASignInIsSecure_AndTheSessionCookiesAreHostPrefixed()
    {
        using var app = Deployed();
        var user = await factory.CreateAsync();
        using var browser = BrowserOn(app);

        var home = await browser.SignInAsync(IdentityFactory.Company, user);

        Assert.Equal("/", home.Url.AbsolutePath);
        var cookies = browser.Cookies.GetAllCookies();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.True(c.Secure, c.Name + " is not Secure"));
        var session = Assert.Single(cookies, c => c.Name == "__Host-k1.session");
        Assert.True(session.HttpOnly);
        Assert.Equal("/", session.Path);
        Assert.Contains(cookies, c => c.Name == "__Host-k1.antiforgery");
    }

    [Fact]
    public async Task Rule13_TheIssuerIsTheConfiguredOne_WhateverHostTheRequestNames()
    {
        using var app = Deployed();
        using var client = app.CreateDefaultClient(new Uri("https://evil.example/"));

        var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(Issuer, discovery.GetProperty("issuer").GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint", "jwks_uri" })
        {
            Assert.StartsWith(Issuer, discovery.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rule13_OnlyAKnownProxyTellsTheClientAddress_SoRateLimitsCountTheRealClient()
    {
        using var app = Deployed(signInPostsPerMinute: 2);

        async Task<int> PostFromAsync(string connection, string forwardedFor)
        {
            var answer = await app.Server.SendAsync(c =>
            {
                c.Request.Method = HttpMethods.Post;
                c.Request.Scheme = "https";
                c.Request.Host = new HostString("k1.example");
                c.Request.Path = "/Accounts/Login";
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
                c.Connection.RemoteIpAddress = IPAddress.Parse(connection);
            });
            return answer.Response.StatusCode;
        }

        // Behind the known proxy, three clients: three addresses, none over its limit of two.
        Assert.DoesNotContain(429, new[]
        {
            await PostFromAsync(Proxy, "203.0.113.1"), await PostFromAsync(Proxy, "203.0.113.2"), await PostFromAsync(Proxy, "203.0.113.3"),
        });
        // One stranger claiming three addresses is still one address.
        await PostFromAsync("198.51.100.7", "203.0.113.4");
        await PostFromAsync("198.51.100.7", "203.0.113.5");
        Assert.Equal(429, await PostFromAsync("198.51.100.7", "203.0.113.6"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("198.51.100.7")]
    public async Task Rule13_WithNoProxyConfigured_NoClientChoosesTheAddressRateLimitsCount(string client)
    {
        // No Transport:KnownProxies or KnownNetworks: the app faces its clients directly.
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:SignInPostsPerMinute", "2"));

        async Task<int> PostClaimingAsync(string forwardedFor)
        {
            var answer = await app.Server.SendAsync(c =>
            {
                c.Request.Method = HttpMethods.Post;
                c.Request.Host = new HostString("localhost");
                c.Request.Path = "/Accounts/Login";
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
                c.Connection.RemoteIpAddress = IPAddress.Parse(client);
            });
            return answer.Response.StatusCode;
        }

        // Three claimed addresses from one client, loopback included, are that one client's address.
        await PostClaimingAsync("203.0.113.7");
        await PostClaimingAsync("203.0.113.8");
        Assert.Equal(429, await PostClaimingAsync("203.0.113.9"));
    }

    [Theory]
    [InlineData("Transport:KnownProxies:0", "proxy.internal", "Transport:KnownProxies must list IP addresses.")]
    [InlineData("Transport:KnownNetworks:0", "10.0.0.0/33", "Transport:KnownNetworks must list networks in CIDR notation (10.0.0.0/8).")]
    public void Rule13_AProxySettingThatIsNotAnAddressStopsTheAppWithTheValidationMessage(string key, string value, string message)
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting(key, value));

        var failure = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(Microsoft.Extensions.Options.OptionsValidationException), failure.ToString(), StringComparison.Ordinal);
    }
}
