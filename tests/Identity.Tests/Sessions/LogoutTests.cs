using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>SPEC rule 9 on KaseyaOne's side: ending a session tells every client it signed into, both ways.</summary>
public sealed class LogoutTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<(FormBrowser Browser, RelyingParty Rp, JsonElement Tokens, string Sid)> SignedInClientAsync()
    {
        var user = await factory.CreateAsync();
        var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        var sid = new JsonWebToken(tokens.GetProperty("id_token").GetString()).GetClaim("sid").Value;
        return (browser, rp, tokens, sid);
    }

    [Fact]
    public async Task Rule9_DiscoveryAdvertisesFrontAndBackChannelLogoutWithSessions()
    {
        using var client = factory.CreateClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        foreach (var name in new[] { "frontchannel_logout_supported", "frontchannel_logout_session_supported",
                     "backchannel_logout_supported", "backchannel_logout_session_supported" })
        {
            Assert.True(doc.GetProperty(name).GetBoolean(), name);
        }
    }

    [Fact]
    public async Task Rule9_RpInitiatedLogoutRendersAFrontChannelFrameWithIssAndSid_ThenContinuesWithState()
    {
        var (browser, _, tokens, sid) = await SignedInClientAsync();
        using var signedIn = browser;

        var page = await browser.OpenAsync("/connect/endsession?id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri) + "&state=bye");

        var frame = WebUtility.HtmlDecode(Regex.Match(page.Html, "<iframe class=\"logout-frame\" src=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith(IdentityFactory.FrontChannelLogoutUri + "?", frame, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(frame).Query);
        Assert.Equal(sid, query["sid"].ToString());
        Assert.Equal("http://localhost/", query["iss"].ToString());
        Assert.Contains($"href=\"{IdentityFactory.PostLogoutRedirectUri}?state=bye\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule9_EndingTheSessionPostsASignedLogoutTokenToTheClient()
    {
        var (browser, _, tokens, sid) = await SignedInClientAsync();
        using var signedIn = browser;
        var subject = new JsonWebToken(tokens.GetProperty("id_token").GetString()).Subject;

        var signOut = await browser.OpenAsync("/Sessions/SignOut");
        await browser.SubmitAsync(signOut, new Dictionary<string, string>());
        var (uri, form) = await factory.BackChannel.WaitForAsync(
            f => f.TryGetValue("logout_token", out var t) && new JsonWebToken(t).GetClaim("sid").Value == sid);

        Assert.Equal(IdentityFactory.BackChannelLogoutUri, uri.ToString());
        var jwks = new JsonWebKeySet(await browser.Http.GetStringAsync("/.well-known/jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["logout_token"], new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = IdentityFactory.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("logout+jwt", token.Typ);
        Assert.Equal(sid, token.GetClaim("sid").Value);
        Assert.Equal(subject, token.Subject);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.False(token.TryGetClaim("nonce", out _));
        Assert.Contains("http://schemas.openid.net/event/backchannel-logout", token.GetClaim("events").Value, StringComparison.Ordinal);
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.4 and Front-Channel Logout 1.0 §2: the iss of the logout token and of the frame is the
    /// issuer of the ID token and of discovery. Without a configured issuer it comes from the request, and a sign-in whose
    /// Host header was spelt in capitals or with the default port has the same issuer: a relying party compares iss
    /// exactly, and would otherwise refuse the logout of that session.
    /// </summary>
    [Theory]
    [InlineData("LOCALHOST")]
    [InlineData("localhost:80")]
    public async Task Rule9_TheLogoutsIssIsTheIdTokensIssuer_HoweverTheHostOfTheSignInWasSpelt(string host)
    {
        using var browser = new FormBrowser(new HttpMessageInvoker(new WithHost(host, factory.Server.CreateHandler())), factory.Server.BaseAddress)
        {
            Authenticator = factory.Authenticator,
        };
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, await factory.CreateAsync(), returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        var idToken = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        var sid = idToken.GetClaim("sid").Value;

        var signedOut = await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());
        var (_, form) = await factory.BackChannel.WaitForAsync(
            f => f.TryGetValue("logout_token", out var t) && new JsonWebToken(t).GetClaim("sid").Value == sid);

        Assert.Equal("http://localhost/", idToken.Issuer);
        Assert.Equal(idToken.Issuer, new JsonWebToken(form["logout_token"]).Issuer);
        var frame = WebUtility.HtmlDecode(Regex.Match(signedOut.Html, "<iframe class=\"logout-frame\" src=\"([^\"]+)\"").Groups[1].Value);
        Assert.Equal(idToken.Issuer, QueryHelpers.ParseQuery(new Uri(frame).Query)["iss"].ToString());
    }

    /// <summary>Sends every request with this Host header, as a client that spells the host its own way.</summary>
    private sealed class WithHost(string host, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = host;
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Rule9_LoggingOutRevokesTheSessionsRefreshTokens_AndTheNextSignInAsksForPasswordAndCode()
    {
        var (browser, rp, tokens, _) = await SignedInClientAsync();
        using var signedIn = browser;

        var signOut = await browser.OpenAsync("/Sessions/SignOut");
        await browser.SubmitAsync(signOut, new Dictionary<string, string>());

        var (refused, error) = await rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.Equal("/Accounts/Login", (await browser.OpenAsync(new RelyingParty(browser.Http).AuthorizeUrl())).Url.AbsolutePath);
    }
}
