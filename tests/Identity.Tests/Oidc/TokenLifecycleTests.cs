using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// SPEC rule 13 on the token endpoint: a code works once, for its own client and redirect URI and only for
/// its lifetime; a refresh token rolls, and a spent one is refused and ends its whole chain (RFC 9700
/// §4.14.2); a revoked token stops working (RFC 7009).
/// </summary>
public sealed class TokenLifecycleTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string BmsClientId = "bms";
    private const string BmsClientSecret = "bms-development-secret-change-me-0123456789abcdef";

    private async Task<(FormBrowser Browser, RelyingParty Rp, string Code)> CodeAsync()
    {
        var signedIn = await factory.SignedInClientAsync();
        return (signedIn.Browser, signedIn.Rp, signedIn.Code);
    }

    private async Task<(FormBrowser Browser, RelyingParty Rp, JsonElement Tokens)> TokensAsync()
    {
        var (browser, rp, code) = await CodeAsync();
        var (response, tokens) = await rp.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (browser, rp, tokens);
    }

    private static string ErrorOf(JsonElement body) => body.GetProperty("error").GetString()!;

    /// <summary>
    /// RFC 6749 §5.1: every token answer carries Cache-Control: no-store (the code's, a refresh's and a client's own
    /// token, which is answered ahead of OpenIddict), and so does a refusal; §5.2: a client that authenticated with
    /// the Basic scheme and failed gets 401 invalid_client with a WWW-Authenticate: Basic challenge.
    /// </summary>
    [Fact]
    public async Task Rfc6749_TokenAnswersAreNeverCached_AndAFailedBasicClientAuthenticationIsChallenged()
    {
        var (browser, rp, code) = await CodeAsync();
        using var signedIn = browser;

        var (redeemed, tokens) = await rp.RedeemAsync(code);
        var (refreshed, _) = await rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var (own, _) = await rp.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        var (replayed, _) = await rp.RedeemAsync(code);
        var (refused, refusal) = await rp.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            basic: $"{IdentityFactory.ClientId}:not-the-secret");

        foreach (var answer in new[] { redeemed, refreshed, own, replayed, refused })
        {
            Assert.True(answer.Headers.CacheControl?.NoStore, $"{answer.RequestMessage?.RequestUri} {(int)answer.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_client", ErrorOf(refusal));
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
    }

    /// <summary>
    /// RFC 6749 §4.1.2: a code used twice is refused, and the tokens already issued from it are revoked: whoever replays
    /// a stolen code also takes away what the first redemption gave (OpenIddict revokes the code's authorization).
    /// </summary>
    [Fact]
    public async Task Rfc6749_AReplayedCodeRevokesTheTokensItGave()
    {
        var (browser, rp, code) = await CodeAsync();
        using var signedIn = browser;
        var (first, tokens) = await rp.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var (replayed, error) = await rp.RedeemAsync(code);

        Assert.Equal("invalid_grant", ErrorOf(error));
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await rp.UserInfoAsync(tokens.GetProperty("access_token").GetString())).Response.StatusCode);
        var (refreshed, refreshError) = await rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(refreshError));
    }

    [Fact]
    public async Task Rule13_ACodeRedeemedWithAnotherRedirectUriIsRefused()
    {
        var (browser, rp, code) = await CodeAsync();
        using var signedIn = browser;

        var (response, body) = await rp.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = rp.Verifier,
            ["redirect_uri"] = "https://rp.example/other-callback",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(body));
    }

    [Fact]
    public async Task Rule13_ACodeRedeemedByAnotherClientIsRefused()
    {
        var (browser, rp, code) = await CodeAsync();
        using var signedIn = browser;
        var (response, body) = await rp.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = rp.Verifier,
            ["redirect_uri"] = IdentityFactory.RedirectUri,
        }, basic: $"{BmsClientId}:{BmsClientSecret}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(body));
    }

    [Fact]
    public async Task Rule13_AnExpiredCodeIsRefused()
    {
        var (browser, rp, code) = await CodeAsync();
        using var signedIn = browser;
        factory.Clock.Advance(TimeSpan.FromMinutes(3));

        var (response, body) = await rp.RedeemAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(body));
    }

    [Fact]
    public async Task Rule13_ASpentRefreshTokenIsRefused_AndRevokesTheTokensIssuedFromIt()
    {
        var (browser, rp, tokens) = await TokensAsync();
        using var signedIn = browser;
        var first = tokens.GetProperty("refresh_token").GetString()!;
        var (rolled, next) = await rp.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, rolled.StatusCode);
        var second = next.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        // Past OpenIddict's reuse leeway (30 s, for a client's own concurrent refreshes).
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var (replayed, replayError) = await rp.RefreshAsync(first);
        var (afterReplay, afterError) = await rp.RefreshAsync(second);

        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(replayError));
        Assert.Equal(HttpStatusCode.BadRequest, afterReplay.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(afterError));
    }

    [Fact]
    public async Task Rule13_ARevokedRefreshTokenIsRefused()
    {
        var (browser, rp, tokens) = await TokensAsync();
        using var signedIn = browser;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var (revoked, _) = await rp.RevocationRequestAsync(new Dictionary<string, string>
        {
            ["token"] = refresh, ["token_type_hint"] = "refresh_token",
        });
        var (refused, error) = await rp.RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(error));
    }

    [Fact]
    public async Task Rule13_AnotherClientCannotRevokeTheToken()
    {
        var (browser, rp, tokens) = await TokensAsync();
        using var signedIn = browser;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        await rp.RevocationRequestAsync(new Dictionary<string, string> { ["token"] = refresh }, basic: $"{BmsClientId}:{BmsClientSecret}");
        var (refreshed, _) = await rp.RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Rule9_UserinfoRefusesTheAccessTokenOnceTheSessionSignedOut()
    {
        var (browser, _, tokens) = await TokensAsync();
        using var signedIn = browser;
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var rp = new RelyingParty(browser.Http);
        async Task<HttpStatusCode> UserInfoAsync() => (await rp.UserInfoAsync(accessToken)).Response.StatusCode;
        Assert.Equal(HttpStatusCode.OK, await UserInfoAsync());

        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Unauthorized, await UserInfoAsync());
    }

    /// <summary>
    /// A code whose session ended before it was redeemed gives no tokens, even when its authorization escaped the end's
    /// revocation: a code issued in the very moment its session ended (the end read the session's apps before this
    /// authorization was added to them) would otherwise give tokens for an ended session, which its app would never be
    /// told of (SPEC rule 9).
    /// </summary>
    [Fact]
    public async Task Rule9_ACodeWhoseSessionEndedIsRefused_EvenIfItsAuthorizationEscapedTheEnd()
    {
        var signedIn = await factory.SignedInClientAsync();
        using var browser = signedIn.Browser;
        // The race, set up: the session's record of the app the code is for is gone when the end reads it.
        await factory.WithDbAsync(db => db.SessionClients
            .Where(c => db.Sessions.Any(s => s.Id == c.SessionId && db.Accounts.Any(a => a.Id == s.AccountId && a.UserName == signedIn.User)))
            .ExecuteDeleteAsync());
        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

        var (response, body) = await signedIn.Rp.RedeemAsync(signedIn.Code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", ErrorOf(body));
    }

    [Fact]
    public async Task Rule13_PromptNoneWithASessionGetsACodeWithoutAPage()
    {
        var (browser, _, _) = await TokensAsync();
        using var signedIn = browser;
        var rp = new RelyingParty(browser.Http);

        var page = await browser.OpenAsync(rp.AuthorizeUrl(extra: "prompt=none"));

        var (response, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tokens.TryGetProperty("id_token", out _));
    }
}
