using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>
/// SPEC rule 9, and RP-Initiated Logout 1.0 §6: a logout request that any site could have sent asks
/// "Sign out of KaseyaOne?" instead of ending the browser's session; only the session's own relying party
/// (an id_token_hint for that session) or the user's confirmation ends it.
/// </summary>
public sealed partial class EndSessionTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<(FormBrowser Browser, JsonElement Tokens)> SignedInAsync()
    {
        var user = await factory.CreateAsync();
        var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        return (browser, tokens);
    }

    /// <summary>True when the browser still gets a code without signing in again.</summary>
    private static async Task<bool> StillSignedInAsync(FormBrowser browser) =>
        (await browser.OpenAsync(new RelyingParty(browser.Http).AuthorizeUrl())).LeftTo is not null;

    private static async Task<Page> ConfirmAsync(FormBrowser browser, Page confirmation)
    {
        var fields = HiddenInput().Matches(confirmation.Html)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/connect/endsession") { Content = new FormUrlEncodedContent(fields) });
    }

    [Fact]
    public async Task Rule9_ABareEndSessionRequestOnlyAsksTheUser_AndTheSessionLives()
    {
        var (browser, _) = await SignedInAsync();
        using var signedIn = browser;

        var page = await browser.OpenAsync("/connect/endsession");

        Assert.Equal("/Sessions/EndSession", page.Url.AbsolutePath);
        Assert.True(page.Contains("Sign out of KaseyaOne?"));
        Assert.True(await StillSignedInAsync(browser));
    }

    [Fact]
    public async Task Rule9_AnEndSessionPostWithoutTheAntiforgeryTokenOnlyAsks()
    {
        var (browser, _) = await SignedInAsync();
        using var signedIn = browser;

        var page = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/connect/endsession")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "x" }),
        });

        Assert.Equal("/Sessions/EndSession", page.Url.AbsolutePath);
        Assert.True(await StillSignedInAsync(browser));
    }

    [Fact]
    public async Task Rule9_ConfirmingEndsTheSession()
    {
        var (browser, _) = await SignedInAsync();
        using var signedIn = browser;
        var confirmation = await browser.OpenAsync("/connect/endsession");

        var page = await ConfirmAsync(browser, confirmation);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.False(await StillSignedInAsync(browser));
    }

    [Fact]
    public async Task Rule9_AHintForAnotherSessionAsksFirst_ThenContinuesToTheClientWithItsState()
    {
        var (browser, _) = await SignedInAsync();
        using var signedIn = browser;
        var (other, otherTokens) = await SignedInAsync();
        using var otherBrowser = other;

        var confirmation = await browser.OpenAsync("/connect/endsession?id_token_hint=" + otherTokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri) + "&state=bye");
        Assert.Equal("/Sessions/EndSession", confirmation.Url.AbsolutePath);
        Assert.True(await StillSignedInAsync(browser));
        Assert.True(await StillSignedInAsync(other));

        var signedOut = await ConfirmAsync(browser, confirmation);

        Assert.Contains($"href=\"{IdentityFactory.PostLogoutRedirectUri}?state=bye\"", signedOut.Html, StringComparison.Ordinal);
        Assert.False(await StillSignedInAsync(browser));
    }

    [Fact]
    public async Task Rule9_AHintFromASessionThatHasAlreadyEndedStillReturnsTheUserToTheClient()
    {
        var (browser, tokens) = await SignedInAsync();
        using var signedIn = browser;
        var logout = "/connect/endsession?id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri);
        await browser.OpenAsync(logout + "&state=first");

        // The relying party logs out again with the same hint (a second tab, or after KaseyaOne ended the session):
        // the hint is a hint (RP-Initiated Logout 1.0 §2), not a live token, so the user is told they are signed out
        // and sent back to the client's registered address, not shown an error.
        var again = await browser.OpenAsync(logout + "&state=second");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains($"href=\"{IdentityFactory.PostLogoutRedirectUri}?state=second\"", again.Html, StringComparison.Ordinal);
        Assert.False(await StillSignedInAsync(browser));
    }

    [Fact]
    public async Task Rule9_AHintThatHasExpiredStillReturnsTheUserToTheClient()
    {
        var (browser, tokens) = await SignedInAsync();
        using var signedIn = browser;
        // A user who logs out of the relying party an hour after signing in: the identity token it holds has expired,
        // and it is still the hint the relying party sends (RP-Initiated Logout 1.0 §2: the hint need not be current).
        factory.Clock.Advance(TimeSpan.FromHours(1));

        var page = await browser.OpenAsync("/connect/endsession?id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri) + "&state=later");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"href=\"{IdentityFactory.PostLogoutRedirectUri}?state=later\"", page.Html, StringComparison.Ordinal);
    }

    /// <summary>
    /// RP-Initiated Logout 1.0 §2: with both client_id and id_token_hint, the client must be the one the hint was issued
    /// to; another client's id cannot borrow the hint (nor open the way to its own registered addresses), and nothing ends.
    /// </summary>
    [Fact]
    public async Task Rule9_AClientIdThatIsNotTheHintsClientIsRefused()
    {
        var (browser, tokens) = await SignedInAsync();
        using var signedIn = browser;

        var response = await browser.Http.GetAsync("/connect/endsession?client_id=bms&id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString("http://localhost:5200/signout-callback-kaseyaone"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.True(await StillSignedInAsync(browser));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.")]
    public async Task Rule9_AHintThatIsNotKaseyaOnesIdentityTokenCannotOpenTheWayToARegisteredAddress(string hint)
    {
        var (browser, _) = await SignedInAsync();
        using var signedIn = browser;

        // The registered address alone does not say which client sent the user: only a valid hint does (the address
        // could be any client's), so without one the request is refused with the protocol's error and nothing ends.
        var response = await browser.Http.GetAsync("/connect/endsession?id_token_hint=" + Uri.EscapeDataString(hint)
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri) + "&state=zz");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain(IdentityFactory.PostLogoutRedirectUri, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await StillSignedInAsync(browser));
    }

    /// <summary>
    /// A state too long to travel back through the signed-out page's URL is refused before anything ends; one at the limit
    /// still comes back to the client.
    /// </summary>
    [Fact]
    public async Task Rule9_AStateTooLongToComeBackToTheClientIsRefused_AndTheSessionLives()
    {
        var (browser, tokens) = await SignedInAsync();
        using var signedIn = browser;
        string EndSession(int stateLength) => "/connect/endsession?id_token_hint=" + tokens.GetProperty("id_token").GetString()
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(IdentityFactory.PostLogoutRedirectUri)
            + "&state=" + new string('s', stateLength);

        var response = await browser.Http.GetAsync(EndSession(SsoSuite.Identity.Oidc.OidcSetup.EndSessionStateMaxLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await StillSignedInAsync(browser));
        var signedOut = await browser.OpenAsync(EndSession(SsoSuite.Identity.Oidc.OidcSetup.EndSessionStateMaxLength));
        Assert.Contains($"href=\"{IdentityFactory.PostLogoutRedirectUri}?state={new string('s', SsoSuite.Identity.Oidc.OidcSetup.EndSessionStateMaxLength)}\"",
            signedOut.Html, StringComparison.Ordinal);
        Assert.True(signedOut.Url.PathAndQuery.Length < 8_000, $"the signed-out page's address is {signedOut.Url.PathAndQuery.Length} characters");
        Assert.False(await StillSignedInAsync(browser));
    }

    [GeneratedRegex("<input[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
