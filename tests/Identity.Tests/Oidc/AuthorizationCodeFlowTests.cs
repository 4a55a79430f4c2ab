using Microsoft.AspNetCore.WebUtilities;
using System.Net;
using System.Text.Json;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>The whole code + PKCE flow, driven through KaseyaOne's real forms as a browser and a client would.</summary>
public sealed class AuthorizationCodeFlowTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Journey_NewAccountEnrolsThenClientGetsSignedIdTokenWithAllClaims()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);

        // No session: the authorization request goes through the sign-in, enrolment first.
        var afterSignIn = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (response, tokens) = await rp.RedeemAsync(rp.CodeFrom(afterSignIn));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var idToken = await rp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(user + "@acme.example", idToken.GetClaim("email").Value);
        Assert.Equal("true", idToken.GetClaim("email_verified").Value);
        Assert.Equal("Test " + user, idToken.GetClaim("name").Value);
        Assert.Equal("user", idToken.GetClaim("role").Value);
        Assert.Equal(IdentityFactory.Company, idToken.GetClaim("k1_tenant_name").Value);
        Assert.True(Guid.TryParse(idToken.GetClaim("k1_tenant_id").Value, out _));
        Assert.False(string.IsNullOrEmpty(idToken.GetClaim("sid").Value));
        var amr = idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();
        Assert.Contains("pwd", amr);
        Assert.Contains("otp", amr);
        Assert.True(idToken.TryGetClaim("auth_time", out _));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task Journey_LiveSessionIsAnsweredWithoutAnotherPrompt()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);

        var rp = new RelyingParty(browser.Http);
        var page = await browser.OpenAsync(rp.AuthorizeUrl());

        Assert.NotNull(rp.CodeFrom(page));
    }

    [Fact]
    public async Task Journey_PromptLoginAsksForPasswordAndCodeAgain()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var secret = factory.Authenticator.SecretOf(IdentityFactory.Company, user);
        var rp = new RelyingParty(browser.Http);

        var login = await browser.OpenAsync(rp.AuthorizeUrl(extra: "prompt=login"));
        Assert.Equal("/Accounts/Login", login.Url.AbsolutePath);

        var afterSignIn = await browser.SignInAsync(IdentityFactory.Company, user, startAt: login);
        Assert.NotNull(rp.CodeFrom(afterSignIn));
    }

    /// <summary>
    /// OpenID Connect Core §3.1.2.1: prompt=login and an exceeded max_age "MUST" make the user sign in again. The sign-in
    /// page returns to the same request without them; opened directly, with the old session still live, that address
    /// used to give a code for the very session the client asked to re-authenticate, with no password and no code typed.
    /// </summary>
    [Theory]
    [InlineData("prompt=login")]
    [InlineData("max_age=60")]
    public async Task OidcCore_TheAddressASignInReturnsToGivesNoCodeWithoutThatSignIn(string ask)
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var rp = new RelyingParty(browser.Http);
        var login = await browser.OpenAsync(rp.AuthorizeUrl(extra: ask));
        Assert.Equal("/Accounts/Login", login.Url.AbsolutePath);

        var returnUrl = QueryHelpers.ParseQuery(login.Url.Query)["ReturnUrl"].ToString();
        var skipped = await browser.OpenAsync(returnUrl);

        // The sign-in page again, not the client with a code.
        Assert.Equal("/Accounts/Login", skipped.Url.AbsolutePath);
        var afterSignIn = await browser.SignInAsync(IdentityFactory.Company, user, startAt: skipped);
        Assert.NotNull(rp.CodeFrom(afterSignIn));
    }

    [Fact]
    public async Task Journey_PromptNoneWithoutSessionAnswersLoginRequired()
    {
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);

        var page = await browser.OpenAsync(rp.AuthorizeUrl(extra: "prompt=none"));

        Assert.Equal("login_required", RelyingParty.ErrorFrom(page)["error"]);
    }

    [Fact]
    public async Task Journey_MaxAgeExceededAsksForSignInAgain()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        // max_age counts whole seconds since auth_time (OpenID Connect Core §3.1.2.1): one more has now passed.
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var rp = new RelyingParty(browser.Http);

        var page = await browser.OpenAsync(rp.AuthorizeUrl(extra: "max_age=60"));

        Assert.Equal("/Accounts/Login", page.Url.AbsolutePath);
    }

    /// <summary>
    /// OpenID Connect Core §3.1.2.1: "max_age=0 is equivalent to prompt=login", even within the second of the last
    /// sign-in, when no whole second has passed since auth_time; and with prompt=none it is login_required.
    /// </summary>
    [Fact]
    public async Task OidcCore_MaxAgeZeroAsksForPasswordAndCodeAgain_EvenInTheSecondOfTheLastSignIn()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        var rp = new RelyingParty(browser.Http);

        var silent = await browser.OpenAsync(rp.AuthorizeUrl(extra: "max_age=0&prompt=none"));
        var login = await browser.OpenAsync(rp.AuthorizeUrl(extra: "max_age=0"));

        Assert.Equal("login_required", RelyingParty.ErrorFrom(silent)["error"]);
        Assert.Equal("/Accounts/Login", login.Url.AbsolutePath);
        var afterSignIn = await browser.SignInAsync(IdentityFactory.Company, user, startAt: login);
        Assert.NotNull(rp.CodeFrom(afterSignIn));
    }

    /// <summary>
    /// OpenID Connect Core §3.1.2.1: an id_token_hint names the user the client expects. When another user is signed in
    /// (or signs in on the way), the answer is login_required, never a code for someone the client did not ask for.
    /// </summary>
    [Fact]
    public async Task OidcCore_AnIdTokenHintForAnotherUserGetsLoginRequired_NeverACodeForTheSignedInUser()
    {
        using var hinted = await factory.SignedInClientAsync();
        var (_, hintedTokens) = await hinted.Rp.RedeemAsync(hinted.Code);
        var hint = "id_token_hint=" + hintedTokens.GetProperty("id_token").GetString();
        using var other = await factory.SignedInClientAsync();
        var rp = new RelyingParty(other.Browser.Http);

        var silent = await other.Browser.OpenAsync(rp.AuthorizeUrl(extra: "prompt=none&" + hint));
        var interactive = await other.Browser.OpenAsync(rp.AuthorizeUrl(extra: hint));
        using var fresh = factory.NewBrowser();
        var signedInOnTheWay = await fresh.SignInAsync(IdentityFactory.Company, other.User,
            startAt: await fresh.OpenAsync(new RelyingParty(fresh.Http).AuthorizeUrl(extra: hint)));

        Assert.Equal("login_required", RelyingParty.ErrorFrom(silent)["error"]);
        Assert.Equal(rp.State, RelyingParty.ErrorFrom(silent)["state"]);
        Assert.Equal("login_required", RelyingParty.ErrorFrom(interactive)["error"]);
        Assert.Equal("login_required", RelyingParty.ErrorFrom(signedInOnTheWay)["error"]);
        // The hinted user's own session still gets its code without a prompt.
        var own = new RelyingParty(hinted.Browser.Http);
        Assert.NotNull(own.CodeFrom(await hinted.Browser.OpenAsync(own.AuthorizeUrl(extra: "prompt=none&" + hint))));
    }

    /// <summary>
    /// OpenID Connect Core §3.1.2.1: a hint KaseyaOne cannot read (unsigned, or another user's ID token with a damaged
    /// signature) is refused with invalid_request, sent back to the client; it never stands for "no hint" and a code for
    /// whoever is signed in.
    /// </summary>
    [Fact]
    public async Task OidcCore_AnIdTokenHintKaseyaOneCannotRead_IsRefused_NeverACodeForTheSignedInUser()
    {
        using var hinted = await factory.SignedInClientAsync();
        var (_, hintedTokens) = await hinted.Rp.RedeemAsync(hinted.Code);
        var idToken = hintedTokens.GetProperty("id_token").GetString()!;
        var damaged = idToken[..^4] + (idToken[^4] == 'A' ? "B" : "A") + idToken[^3..];
        var unsigned = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                       + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("{\"iss\":\"http://localhost/\",\"aud\":\"test-rp\",\"sub\":\""
                                                                                + Guid.NewGuid() + "\"}") + ".";
        using var other = await factory.SignedInClientAsync();
        var rp = new RelyingParty(other.Browser.Http);

        foreach (var hint in new[] { damaged, unsigned })
        {
            foreach (var prompt in new[] { "prompt=none&", "" })
            {
                var answer = await other.Browser.OpenAsync(rp.AuthorizeUrl(extra: prompt + "id_token_hint=" + Uri.EscapeDataString(hint)));

                var error = RelyingParty.ErrorFrom(answer);
                Assert.Equal("invalid_request", error["error"]);
                Assert.Equal(rp.State, error["state"]);
                Assert.False(error.ContainsKey("code"));
            }
        }
        // The intact hint still gets the hinted user's own session its code.
        var own = new RelyingParty(hinted.Browser.Http);
        Assert.NotNull(own.CodeFrom(await hinted.Browser.OpenAsync(own.AuthorizeUrl(extra: "prompt=none&id_token_hint=" + idToken))));
    }

    /// <summary>
    /// An authorization request that must go through the sign-in pages comes back to the authorization endpoint after
    /// them. One too long for that return (an outsized state) is refused at once with invalid_request, back to the
    /// client with its state, rather than signing the user in and leaving them on KaseyaOne's home page.
    /// </summary>
    [Fact]
    public async Task OidcCore_ARequestTooLongToComeBackToAfterTheSignIn_IsRefusedToTheClient()
    {
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var state = new string('s', SsoSuite.Shared.Hosting.LocalUrl.MaxLength);

        var answer = await browser.OpenAsync(rp.AuthorizeUrl().Replace("state=" + rp.State, "state=" + state, StringComparison.Ordinal));

        var error = RelyingParty.ErrorFrom(answer);
        Assert.Equal("invalid_request", error["error"]);
        Assert.Equal(state, error["state"]);
        // A request that fits still goes to the sign-in pages.
        Assert.Equal("/Accounts/Login", (await browser.OpenAsync(rp.AuthorizeUrl())).Path);
    }

    /// <summary>
    /// OpenIddict refuses an id_token_hint that was issued to another client (its audience and azp name test-rp, BMS
    /// asks): one client cannot learn or steer another's session through the hint. BMS and its redirect_uri are valid, so
    /// the refusal goes back to BMS (RFC 6749 §4.1.2.1), with no code and nothing about the hinted session.
    /// </summary>
    [Fact]
    public async Task OidcCore_AnIdTokenHintIssuedToAnotherClientIsRefused()
    {
        using var signedIn = await factory.SignedInClientAsync();
        var (_, tokens) = await signedIn.Rp.RedeemAsync(signedIn.Code);

        var response = await signedIn.Browser.Http.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/connect/authorize",
            new Dictionary<string, string?>
            {
                ["client_id"] = "bms", ["redirect_uri"] = "http://localhost:5200/signin-kaseyaone", ["response_type"] = "code",
                ["scope"] = "openid", ["state"] = "s", ["code_challenge"] = signedIn.Rp.Challenge, ["code_challenge_method"] = "S256",
                ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
            }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost:5200/signin-kaseyaone?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var answer = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location.Query);
        Assert.Equal("invalid_request", answer["error"].ToString());
        Assert.Equal("s", answer["state"].ToString());
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task UserInfo_ReturnsTheClaimsOfTheGrantedScopes()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));

        var (response, claims) = await rp.UserInfoAsync(tokens.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(user + "@acme.example", claims.GetProperty("email").GetString());
        Assert.Equal(IdentityFactory.Company, claims.GetProperty("k1_tenant_name").GetString());
        Assert.Equal("user", claims.GetProperty("role").GetString());
    }

    /// <summary>
    /// RFC 6750 §5.3 and RFC 9700 §4.3.2: an access token in a URL ends up in logs, history and Referer headers, so one
    /// sent as ?access_token= is not taken: the answer is the 401 of a request without a token. In the Authorization
    /// header or a form body (RFC 6750 §2.1, §2.2) it still works.
    /// </summary>
    [Fact]
    public async Task Rfc6750_UserInfoIgnoresAnAccessTokenInTheQueryString()
    {
        using var signedIn = await factory.SignedInClientAsync();
        var (_, tokens) = await signedIn.Rp.RedeemAsync(signedIn.Code);
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        using var inQuery = await signedIn.Browser.Http.GetAsync("/connect/userinfo?access_token=" + accessToken);
        using var inBody = await signedIn.Browser.Http.PostAsync("/connect/userinfo",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = accessToken }));

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal("Bearer", inQuery.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(HttpStatusCode.OK, inBody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Rp.UserInfoAsync(accessToken)).Response.StatusCode);
    }

    [Fact]
    public async Task RefreshToken_IssuesNewTokens_UntilTheAccountIsDeactivated()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));

        var (refreshed, body) = await rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.True(body.TryGetProperty("access_token", out _));

        await factory.WithDbAsync(async db =>
        {
            var account = db.Accounts.Single(a => a.UserName == user);
            account.IsActive = false;
            return await db.SaveChangesAsync();
        });
        var (refused, error) = await rp.RefreshAsync(body.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Rule13_ReplayedAuthorizationCodeIsRefusedWithInvalidGrant()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var code = rp.CodeFrom(page);

        var (first, _) = await rp.RedeemAsync(code);
        var (second, error) = await rp.RedeemAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Rule13_WrongPkceVerifierIsRefusedWithInvalidGrant()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());

        var (response, error) = await rp.RedeemAsync(rp.CodeFrom(page), verifier: new RelyingParty(browser.Http).Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    /// <summary>
    /// RFC 7636 §4.1: a code_verifier is 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". A client
    /// that sends anything else (too short to carry the entropy §7.1 asks for, too long, or base64 with "+", "/" or "=")
    /// gets invalid_request, even when the S256 challenge it sent matches.
    /// </summary>
    [Theory]
    [InlineData("42-characters-too-short-to-be-a-verifier-x")]
    [InlineData("129-characters-one-too-many-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("base64+with/plus/and/slash/0123456789abcdef")]
    [InlineData("padded-base64-0123456789abcdef0123456789abc=")]
    [InlineData("with spaces-0123456789abcdef0123456789abcdef")]
    public async Task Rfc7636_AVerifierOtherThan43To128UnreservedCharactersIsRefused(string verifier)
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http, verifier);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());

        var (response, error) = await rp.RedeemAsync(rp.CodeFrom(page));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ClientCredentials_IssueAnAccessTokenForTheClientItself()
    {
        using var client = factory.CreateClient();
        var rp = new RelyingParty(client);

        var (response, body) = await rp.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task EndSession_WithIdTokenHintEndsTheSessionAndReturnsToTheRegisteredUriWithState()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));

        var loggedOut = await browser.OpenAsync("/connect/endsession?id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri) + "&state=bye");

        Assert.Contains($"href=\"{IdentityFactory.PostLogoutRedirectUri}?state=bye\"", loggedOut.Html, StringComparison.Ordinal);
        var again = await browser.OpenAsync(new RelyingParty(browser.Http).AuthorizeUrl());
        Assert.Equal("/Accounts/Login", again.Url.AbsolutePath);
        var (refused, _) = await rp.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Rule13_EndSessionRefusesAnUnregisteredPostLogoutRedirectUri()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));

        var response = await browser.Http.GetAsync("/connect/endsession?id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString("https://evil.example/"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
