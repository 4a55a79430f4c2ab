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
