using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using SsoSuite.Identity.Oidc;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>SPEC rule 9 on BMS's side: every logout path ends both sessions; bad logout tokens end nothing.</summary>
[Collection(SuiteCollection.Name)]
public sealed class LogoutTests(SuiteHosts hosts)
{
    private async Task<(FormBrowser Browser, string Sid, string Subject)> SignedInWithKaseyaOneAsync(string name, string user)
    {
        await hosts.CreatePairAsync(name, user);
        var admin = hosts.NewBrowser();
        await admin.LogInToBmsAsync(name + " IT", user);
        var page = await admin.OpenAsync(SuiteHosts.Bms + "/Admin/Integrations/KaseyaOne");
        await admin.SignInAsync(name + " MSP", user, startAt: await admin.SubmitAsync(page, new Dictionary<string, string> { ["enabled"] = "true" }));

        var browser = hosts.NewBrowser();
        var start = await browser.OpenAsync($"{SuiteHosts.Bms}/kaseyaone/login?company={Uri.EscapeDataString(name + " IT")}");
        var dashboard = await browser.SignInAsync(name + " MSP", user, startAt: start);
        Assert.Equal("/", dashboard.Path);
        var session = (await hosts.BmsDbAsync(db => db.Sessions.Where(s => s.EndedAt == null && s.KaseyaOneSid != null
            && db.Users.Any(u => u.Id == s.UserId && u.UserName == user)).ToListAsync())).MaxBy(s => s.CreatedAt)!;
        var subject = await hosts.K1DbAsync(db => db.Accounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync());
        return (browser, session.KaseyaOneSid!, subject.ToString());
    }

    /// <param name="expires">False for a token without exp.</param>
    /// <param name="logoutEvent">The value of the logout event's member of events: by default the empty object.</param>
    private string LogoutToken(string sid, string subject, string? audience = "bms", string type = "logout+jwt",
        DateTime? issuedAt = null, bool events = true, bool nonce = false, SigningCredentials? signing = null, string? jti = null,
        bool expires = true, object? logoutEvent = null)
    {
        // Issued on the suite's clock, as KaseyaOne issues its own: BMS judges iat by that clock.
        var when = issuedAt ?? hosts.Identity.Clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["sid"] = sid, ["jti"] = jti ?? Guid.NewGuid().ToString("N") };
        if (events)
        {
            claims["events"] = new Dictionary<string, object>
            {
                ["http://schemas.openid.net/event/backchannel-logout"] = logoutEvent ?? new Dictionary<string, object>(),
            };
        }
        if (nonce)
        {
            claims["nonce"] = "n";
        }
        // No time the test did not give: the handler would otherwise add an exp of its own.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SuiteHosts.K1 + "/",
            Audience = audience,
            IssuedAt = when,
            NotBefore = when,
            Expires = expires ? when.AddMinutes(2) : null,
            TokenType = type,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            SigningCredentials = signing ?? ProviderKeys.Published(
                hosts.Identity.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue),
        });
    }

    private async Task<HttpStatusCode> PostLogoutTokenAsync(string token)
    {
        using var client = hosts.BmsApp.CreateClient();
        var response = await client.PostAsync("/kaseyaone/backchannel-logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token }));
        return response.StatusCode;
    }

    private Task<bool> LiveAsync(string sid) => hosts.BmsDbAsync(db => db.Sessions.AnyAsync(s => s.KaseyaOneSid == sid && s.EndedAt == null));

    [Fact]
    public async Task Rule9_ForgedExpiredWrongAudienceOrMalformedLogoutTokensAreRefusedAndEndNothing()
    {
        var (_, sid, subject) = await SignedInWithKaseyaOneAsync("Badtoken", "bart");
        var forger = new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)), SecurityAlgorithms.EcdsaSha256);

        string[] bad =
        [
            LogoutToken(sid, subject, signing: forger),
            LogoutToken(sid, subject, issuedAt: hosts.Identity.Clock.GetUtcNow().UtcDateTime.AddHours(-1)),
            LogoutToken(sid, subject, audience: "someone-else"),
            LogoutToken(sid, subject, type: "JWT"),
            LogoutToken(sid, subject, events: false),
            LogoutToken(sid, subject, nonce: true),
            "not-a-jwt",
        ];
        foreach (var token in bad)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await PostLogoutTokenAsync(token));
        }
        using var client = hosts.BmsApp.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/kaseyaone/backchannel-logout", new StringContent(""))).StatusCode);
        Assert.True(await LiveAsync(sid));
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.6 step 2 (as for an ID token, RFC 8725 §2.1 and §3.1): only a signature by one of
    /// KaseyaOne's published keys, with that key's own algorithm, counts. An unsigned token (alg none) and one MACed
    /// with HS256 using a published public key as the secret (algorithm confusion) are refused and end nothing.
    /// </summary>
    [Fact]
    public async Task BackChannelLogout_AnUnsignedTokenOrOneMacedWithAPublishedKeyIsRefused()
    {
        var (_, sid, subject) = await SignedInWithKaseyaOneAsync("Algconfusion", "alba");
        using var k1 = hosts.Identity.CreateClient();
        var published = new JsonWebKeySet(await k1.GetStringAsync("/.well-known/jwks")).Keys;
        var signed = LogoutToken(sid, subject).Split('.');

        var unsigned = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"logout+jwt\"}") + "." + signed[1] + ".";
        Assert.Equal(HttpStatusCode.BadRequest, await PostLogoutTokenAsync(unsigned));
        foreach (var key in published)
        {
            // The key as the JWKS publishes it, and its raw public value, each tried as the HMAC secret under its own kid.
            foreach (var secret in new[] { Encoding.UTF8.GetBytes(JsonSerializer.Serialize(key)), Base64UrlEncoder.DecodeBytes(key.X ?? key.N) })
            {
                var confused = new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = key.Kid }, SecurityAlgorithms.HmacSha256);
                Assert.Equal(HttpStatusCode.BadRequest, await PostLogoutTokenAsync(LogoutToken(sid, subject, signing: confused)));
            }
        }

        Assert.True(await LiveAsync(sid));
    }

    /// <summary>Back-Channel Logout 1.0 §2.4: exp is REQUIRED, and §2.6 step 3 validates it as in an ID token.</summary>
    [Fact]
    public async Task BackChannelLogout_ALogoutTokenWithoutExpIsRefusedAndEndsNothing()
    {
        var (_, sid, subject) = await SignedInWithKaseyaOneAsync("Noexp", "nora");

        Assert.Equal(HttpStatusCode.BadRequest, await PostLogoutTokenAsync(LogoutToken(sid, subject, expires: false)));

        Assert.True(await LiveAsync(sid));
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.4: the events claim's member http://schemas.openid.net/event/backchannel-logout has a
    /// JSON object as its value (the empty one); a token whose event is a string, a number or null is not a logout token.
    /// </summary>
    [Fact]
    public async Task BackChannelLogout_ALogoutEventThatIsNotAJsonObjectIsRefusedAndEndsNothing()
    {
        var (_, sid, subject) = await SignedInWithKaseyaOneAsync("Eventkind", "evan");

        foreach (var logoutEvent in new object[] { "logout", 1, new[] { "logout" } })
        {
            Assert.Equal(HttpStatusCode.BadRequest, await PostLogoutTokenAsync(LogoutToken(sid, subject, logoutEvent: logoutEvent)));
        }

        Assert.True(await LiveAsync(sid));
    }

    /// <summary>
    /// RFC 7515 §4.1.9: typ is a media type, case-insensitive, whose "application/" prefix may be left off; so
    /// "application/logout+jwt" and "Logout+JWT" name the type Back-Channel Logout 1.0 §2.4 asks for.
    /// </summary>
    [Fact]
    public async Task BackChannelLogout_TheLogoutTypeIsAcceptedWithItsApplicationPrefixAndInAnyCase()
    {
        var (_, sid, subject) = await SignedInWithKaseyaOneAsync("Typed", "tyra");

        Assert.Equal(HttpStatusCode.OK, await PostLogoutTokenAsync(LogoutToken(sid, subject, type: "application/logout+jwt")));
        Assert.Equal(HttpStatusCode.OK, await PostLogoutTokenAsync(LogoutToken(sid, subject, type: "Logout+JWT")));

        Assert.False(await LiveAsync(sid));
    }

    [Fact]
    public async Task Rule9_ABmsCookieCapturedBeforeABackChannelLogoutIsRejectedAfterIt()
    {
        var (browser, sid, subject) = await SignedInWithKaseyaOneAsync("Captured", "cody");
        var cookie = browser.Cookie(new Uri(SuiteHosts.Bms), BmsCookies.SessionCookieName);
        Assert.NotNull(cookie);

        var token = LogoutToken(sid, subject);
        Assert.Equal(HttpStatusCode.OK, await PostLogoutTokenAsync(token));
        Assert.Equal(HttpStatusCode.BadRequest, await PostLogoutTokenAsync(token));

        using var thief = hosts.BmsApp.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"{BmsCookies.SessionCookieName}={cookie}");
        var response = await thief.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Accounts/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.False(await LiveAsync(sid));
    }

    [Fact]
    public async Task Journey_LogoutFromBmsEndsKaseyaOneSession()
    {
        var (browser, sid, _) = await SignedInWithKaseyaOneAsync("Rplogout", "ron");
        var dashboard = await browser.OpenAsync(SuiteHosts.Bms + "/");

        var after = await browser.SubmitAsync(dashboard, new Dictionary<string, string>(), action: "/Accounts/Logout");

        // Through KaseyaOne's signed-out page (its front-channel frame) and back to BMS's login page.
        Assert.Equal("k1.test", after.Url.Host);
        Assert.Contains(SuiteHosts.Bms + "/signout-kaseyaone?", System.Net.WebUtility.HtmlDecode(after.Html), StringComparison.Ordinal);
        Assert.False(await hosts.K1DbAsync(db => db.Sessions.AnyAsync(s => s.Id == sid && s.EndedAt == null)));
        Assert.False(await LiveAsync(sid));
        var k1 = await browser.OpenAsync(SuiteHosts.K1 + "/");
        Assert.Equal("/Accounts/Login", k1.Path);
    }

    [Fact]
    public async Task Rule9_FrontChannel_TheFrameAloneEndsTheBmsSession()
    {
        var (browser, sid, _) = await SignedInWithKaseyaOneAsync("K1front", "kim");
        var signOut = await browser.OpenAsync(SuiteHosts.K1 + "/Sessions/SignOut");
        // Back-channel disabled: KaseyaOne's logout token cannot reach BMS, so only the frame can end the session.
        hosts.BmsReachable = false;
        try
        {
            var signedOut = await browser.SubmitAsync(signOut, new Dictionary<string, string>());
            Assert.True(signedOut.Has("signed-out"));
            Assert.True(await LiveAsync(sid));

            // The front-channel frame, as the browser would load it.
            var frame = System.Text.RegularExpressions.Regex.Match(System.Net.WebUtility.HtmlDecode(signedOut.Html),
                "src=\"(http://bms\\.test/signout-kaseyaone[^\"]+)\"").Groups[1].Value;
            var framed = await browser.OpenAsync(frame);

            Assert.Equal(HttpStatusCode.OK, framed.Status);
            Assert.False(await LiveAsync(sid));
            Assert.Equal("/Accounts/Login", (await browser.OpenAsync(SuiteHosts.Bms + "/")).Path);
        }
        finally
        {
            hosts.BmsReachable = true;
        }
    }

    [Fact]
    public async Task Rule9_BackChannel_TheLogoutTokenAloneEndsTheBmsSession()
    {
        var (browser, sid, _) = await SignedInWithKaseyaOneAsync("K1back", "kurt");
        var signOut = await browser.OpenAsync(SuiteHosts.K1 + "/Sessions/SignOut");

        // Front-channel disabled: the signed-out page's frames are never loaded (a browser that blocks third-party cookies).
        var signedOut = await browser.SubmitAsync(signOut, new Dictionary<string, string>());

        Assert.True(signedOut.Has("signed-out"));
        Assert.False(await LiveAsync(sid));
        Assert.Equal("/Accounts/Login", (await browser.OpenAsync(SuiteHosts.Bms + "/")).Path);
    }

    [Fact]
    public async Task Rule9_FrontChannelLogoutWithAForeignIssuerEndsNothing()
    {
        var (_, sid, _) = await SignedInWithKaseyaOneAsync("Foreigniss", "fred");

        var page = await hosts.NewBrowser().OpenAsync($"{SuiteHosts.Bms}/signout-kaseyaone?iss=http%3A%2F%2Fevil.test%2F&sid={sid}");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(await LiveAsync(sid));
    }
}
