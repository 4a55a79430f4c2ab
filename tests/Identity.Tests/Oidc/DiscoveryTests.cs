using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

public sealed class DiscoveryTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static string[] Strings(JsonElement doc, string name) =>
        doc.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Discovery_AdvertisesCodeFlowWithS256Only_EndSession_AndTheKaseyaOneClaims()
    {
        using var client = factory.CreateClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(["S256"], Strings(doc, "code_challenge_methods_supported"));
        Assert.Equal(["code"], Strings(doc, "response_types_supported"));
        Assert.EndsWith("/connect/endsession", doc.GetProperty("end_session_endpoint").GetString());
        Assert.EndsWith("/connect/revoke", doc.GetProperty("revocation_endpoint").GetString());
        Assert.EndsWith("/connect/userinfo", doc.GetProperty("userinfo_endpoint").GetString());
        Assert.Contains("RS256", Strings(doc, "id_token_signing_alg_values_supported"));
        foreach (var claim in new[] { "sub", "name", "email", "email_verified", "role", "sid", "amr", "k1_tenant_id", "k1_tenant_name" })
        {
            Assert.Contains(claim, Strings(doc, "claims_supported"));
        }
        Assert.Contains("authorization_code", Strings(doc, "grant_types_supported"));
        Assert.Contains("refresh_token", Strings(doc, "grant_types_supported"));
    }

    /// <summary>
    /// Every prompt value advertised is one KaseyaOne honours: login (password and code again) and none (no page). It has
    /// no consent screen (its clients are registered by its operators) and no account chooser, so consent and
    /// select_account are not advertised, and a request for them gets invalid_request (OpenID Connect Prompt Create 1.0
    /// §4.1), back at the client's redirect_uri (RFC 6749 §4.1.2.1), instead of a code nobody consented to or chose an
    /// account for.
    /// </summary>
    [Fact]
    public async Task OidcDiscovery_AdvertisesOnlyThePromptValuesKaseyaOneHonours()
    {
        using var signedIn = await factory.SignedInClientAsync();
        var doc = JsonDocument.Parse(await signedIn.Browser.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(["login", "none"], Strings(doc, "prompt_values_supported").Order(StringComparer.Ordinal));
        foreach (var prompt in new[] { "consent", "select_account" })
        {
            var page = await signedIn.Browser.OpenAsync(new RelyingParty(signedIn.Browser.Http).AuthorizeUrl(extra: "prompt=" + prompt));
            Assert.Equal("invalid_request", RelyingParty.ErrorFrom(page)["error"]);
        }
    }

    /// <summary>
    /// Every client authentication method advertised is one a KaseyaOne client can use: its secret, in the Basic header or
    /// the body (RFC 6749 §2.3.1). No client has a key set registered, so private_key_jwt is not offered.
    /// </summary>
    [Fact]
    public async Task OidcDiscovery_AdvertisesOnlyTheClientAuthenticationMethodsAClientCanUse()
    {
        using var client = factory.CreateClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        string[] secrets = ["client_secret_basic", "client_secret_post"];
        Assert.Equal(secrets, Strings(doc, "token_endpoint_auth_methods_supported").Order(StringComparer.Ordinal));
        Assert.Equal(secrets, Strings(doc, "revocation_endpoint_auth_methods_supported").Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// OpenID Connect Discovery 1.0 §3: id_token_signing_alg_values_supported lists what the provider supports for ID
    /// tokens, and must include RS256. Each algorithm it lists is one a client gets when it registers it
    /// (id_token_signed_response_alg, Dynamic Client Registration 1.0 §2), for its ID token and its logout token
    /// (Back-Channel Logout 1.0 §2.4), each verifiable with a key of the JWKS; the JWKS publishes no key for another one,
    /// and the copy of discovery served from memory says the same.
    /// </summary>
    [Fact]
    public async Task Discovery_EveryAdvertisedIdTokenAlgorithmIsTheOneAClientRegisteredForGets()
    {
        using var client = factory.CreateClient();
        var first = await client.GetStringAsync("/.well-known/openid-configuration");
        var cached = await client.GetStringAsync("/.well-known/openid-configuration");
        var advertised = Strings(JsonDocument.Parse(cached).RootElement, "id_token_signing_alg_values_supported");
        var published = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks")).Keys.Select(k => k.Alg);

        Assert.Equal(first, cached);
        Assert.Equal(["ES256", "RS256"], advertised.Order(StringComparer.Ordinal));
        Assert.Equal(advertised.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
        foreach (var algorithm in advertised)
        {
            await using var registered = IdentityFactory.On(null, new Dictionary<string, string?> { ["Oidc:Clients:1:IdTokenSignedResponseAlg"] = algorithm });
            using var signedIn = await registered.SignedInClientAsync();
            var (_, tokens) = await signedIn.Rp.RedeemAsync(signedIn.Code);
            var idToken = await signedIn.Rp.ValidateIdTokenAsync(tokens.GetProperty("id_token").GetString()!);
            await signedIn.Browser.SubmitAsync(await signedIn.Browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());
            var (_, logout) = await registered.BackChannel.WaitForAsync(form => form.ContainsKey("logout_token"));

            Assert.Equal(algorithm, idToken.Alg);
            Assert.Equal(algorithm, new JsonWebToken(logout["logout_token"]).Alg);
            // Access tokens are read by resource servers, not by the client: they stay ES256.
            Assert.Equal("ES256", new JsonWebToken(tokens.GetProperty("access_token").GetString()).Alg);
        }
    }

    [Fact]
    public async Task Jwks_PublishesAP256AndAnRsa2048Key_NeverTheEphemeral4096BitOnes()
    {
        using var client = factory.CreateClient();
        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks")).Keys;

        Assert.Contains(keys, k => k.Kty == "EC" && k.Crv == "P-256");
        var rsa = Assert.Single(keys, k => k.Kty == "RSA");
        Assert.Equal(2048, Base64UrlEncoder.DecodeBytes(rsa.N).Length * 8);
    }

    [Fact]
    public async Task SigningKeys_SurviveARestart_SoIssuedTokensStayValid()
    {
        using var client = factory.CreateClient();
        var before = await client.GetStringAsync("/.well-known/jwks");

        using var restarted = IdentityFactory.On(factory.DataFolder);
        using var again = restarted.CreateClient();
        Assert.Equal(before, await again.GetStringAsync("/.well-known/jwks"));
    }

    [Fact]
    public async Task Health_ReportsHealthy()
    {
        using var client = factory.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }
}
