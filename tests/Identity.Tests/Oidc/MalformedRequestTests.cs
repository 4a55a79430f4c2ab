using System.Net;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// SPEC rule 13: a malformed OpenID Connect request gets the protocol's own error, never a 500, and never
/// a redirect to a URI the client did not register.
/// </summary>
public sealed class MalformedRequestTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string Client = IdentityFactory.ClientId;
    private static readonly string Redirect = Uri.EscapeDataString(IdentityFactory.RedirectUri);
    private const string Pkce = "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

    public static TheoryData<string, string> BadAuthorizeRequests() => new()
    {
        { "no client_id", $"response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}" },
        { "unknown client", $"client_id=nobody&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}" },
        { "unregistered redirect_uri", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&{Pkce}" },
        { "relative redirect_uri", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=%2Fcb&{Pkce}" },
        // RFC 6749 §3.1.2.3 and RFC 9700 §4.1.3: the redirect_uri matches a registered one exactly, character for character.
        { "redirect_uri with a trailing slash", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}%2F&{Pkce}" },
        { "redirect_uri with its host in capitals", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2FRP.example%2Fcallback&{Pkce}" },
        { "redirect_uri with its path in capitals", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Frp.example%2FCallback&{Pkce}" },
        { "redirect_uri with an extra query", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}%3Fnext%3D%2F%2Fevil.example&{Pkce}" },
        { "redirect_uri with an empty query", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}%3F&{Pkce}" },
        { "redirect_uri with a fragment", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}%23x&{Pkce}" },
        { "redirect_uri with userinfo", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%40rp.example%2Fcallback&{Pkce}" },
        { "redirect_uri percent-encoded", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Frp.example%2F%2563allback&{Pkce}" },
        { "redirect_uri with the default port", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Frp.example%3A443%2Fcallback&{Pkce}" },
        { "redirect_uri with a dot segment", $"client_id={Client}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Frp.example%2Fx%2F..%2Fcallback&{Pkce}" },
        { "no response_type", $"client_id={Client}&scope=openid&redirect_uri={Redirect}&{Pkce}" },
        { "implicit response_type", $"client_id={Client}&response_type=token&scope=openid&redirect_uri={Redirect}&{Pkce}" },
        { "unknown response_type", $"client_id={Client}&response_type=banana&scope=openid&redirect_uri={Redirect}&{Pkce}" },
        { "no PKCE", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}" },
        { "plain PKCE", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain" },
        { "unknown PKCE method", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&code_challenge=abc&code_challenge_method=S512" },
        // RFC 7636 §4.2: an S256 challenge is the 43 base64url characters of a SHA-256 hash; no verifier could match another.
        { "S256 challenge too short", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&code_challenge=abc&code_challenge_method=S256" },
        { "S256 challenge in base64, not base64url", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw%2BcM%3D&code_challenge_method=S256" },
        { "unknown scope", $"client_id={Client}&response_type=code&scope=openid%20admin_everything&redirect_uri={Redirect}&{Pkce}" },
        { "duplicated client_id", $"client_id={Client}&client_id=other&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}" },
        { "request object", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&request=eyJhbGciOiJub25lIn0.e30." },
        { "unknown response_mode", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&response_mode=carrier_pigeon" },
        { "max_age not a number", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&max_age=soon" },
        { "prompt none with login", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&prompt=none%20login" },
        // RFC 6749 §3.1: no parameter twice; a repeated one has no single value to carry through the sign-in.
        { "repeated state", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&state=s&state=x" },
        { "repeated nonce", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&nonce=a&nonce=b" },
        { "repeated scope", $"client_id={Client}&response_type=code&scope=openid&scope=profile&redirect_uri={Redirect}&{Pkce}" },
        { "repeated prompt", $"client_id={Client}&response_type=code&scope=openid&redirect_uri={Redirect}&{Pkce}&prompt=login&prompt=none" },
    };

    [Theory]
    [MemberData(nameof(BadAuthorizeRequests))]
    public async Task Rule13_BadAuthorizeRequestGetsTheProtocolErrorAndNoForeignRedirect(string why, string query)
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/connect/authorize?" + query);

        Assert.True((int)response.StatusCode < 500, $"{why}: {(int)response.StatusCode}");
        if (response.Headers.Location is { } location)
        {
            // Errors may only travel back to the registered redirect URI, carrying the protocol error (in the fragment
            // for response_type=token, RFC 6749 §4.2.2.1).
            Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(IdentityFactory.RedirectUri)}[?#](.*&)?error=", location.ToString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var page = new Page(response.RequestMessage!.RequestUri!, response.StatusCode, await response.Content.ReadAsStringAsync(), null);
            Assert.Matches("^(invalid_request|invalid_client|unauthorized_client|unsupported_response_type|invalid_scope|request_not_supported): ", page.TestId("protocol-error"));
        }
    }

    private const string Foreign = "https%3A%2F%2Fevil.example%2Fcb";

    /// <summary>Requests of the test client, with its registered redirect_uri and state xyz, refused for another reason.</summary>
    public static TheoryData<string, string, string> RefusalsOfAValidClient() => new()
    {
        { "unknown scope", $"response_type=code&scope=openid%20admin_everything&{Pkce}", "invalid_scope" },
        { "implicit response_type", $"response_type=token&scope=openid&{Pkce}", "unsupported_response_type" },
        { "unknown response_type", $"response_type=banana&scope=openid&{Pkce}", "unsupported_response_type" },
        { "no response_type", $"scope=openid&{Pkce}", "invalid_request" },
        { "no PKCE", "response_type=code&scope=openid", "invalid_request" },
        { "plain PKCE", "response_type=code&scope=openid&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain", "invalid_request" },
        { "S256 challenge too short", "response_type=code&scope=openid&code_challenge=abc&code_challenge_method=S256", "invalid_request" },
        { "max_age not a number", $"response_type=code&scope=openid&{Pkce}&max_age=soon", "invalid_request" },
        { "repeated nonce", $"response_type=code&scope=openid&{Pkce}&nonce=a&nonce=b", "invalid_request" },
        { "prompt none with login", $"response_type=code&scope=openid&{Pkce}&prompt=none%20login", "invalid_request" },
        { "request object", $"response_type=code&scope=openid&{Pkce}&request=eyJhbGciOiJub25lIn0.e30.", "request_not_supported" },
        { "unknown response_mode", $"response_type=code&scope=openid&{Pkce}&response_mode=carrier_pigeon", "invalid_request" },
    };

    /// <summary>
    /// RFC 6749 §4.1.2.1: once the client and its redirect_uri are valid, a refusal goes back to the client at that
    /// redirect_uri, with error and the request's state (in the fragment for response_type=token, §4.2.2.1), and with iss
    /// (RFC 9207), which discovery advertises (authorization_response_iss_parameter_supported).
    /// </summary>
    [Theory]
    [MemberData(nameof(RefusalsOfAValidClient))]
    public async Task Rfc6749_ARefusalOfAValidClientsRequestGoesBackToItsRedirectUriWithStateAndIss(string why, string query, string error)
    {
        using var client = factory.CreateClient();
        var discovery = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        var response = await client.GetAsync($"/connect/authorize?client_id={Client}&redirect_uri={Redirect}&state=xyz&{query}");

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{why}: {(int)response.StatusCode}");
        var location = response.Headers.Location!.ToString();
        var separator = query.StartsWith("response_type=token", StringComparison.Ordinal) ? '#' : '?';
        Assert.StartsWith(IdentityFactory.RedirectUri + separator, location, StringComparison.Ordinal);
        var answer = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location[location.IndexOf(separator, StringComparison.Ordinal)..].TrimStart('#'));
        Assert.Equal(error, answer["error"].ToString());
        Assert.False(string.IsNullOrEmpty(answer["error_description"]), why);
        Assert.Equal("xyz", answer["state"].ToString());
        Assert.True(discovery.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Equal(discovery.GetProperty("issuer").GetString(), answer["iss"].ToString());
        Assert.False(answer.ContainsKey("code"), why);
    }

    /// <summary>
    /// RFC 6749 §4.1.2.1 and RFC 9700 §4.11: with a missing, unknown or repeated client_id, or a missing, unregistered or
    /// repeated redirect_uri, the same refusals are shown on KaseyaOne's error page and never redirected; so is a refusal
    /// with two states, as there is no single state to give back.
    /// </summary>
    public static TheoryData<string, string> RefusalsWithoutAValidClientAndRedirectUri()
    {
        string[] addresses =
        [
            $"client_id={Client}&redirect_uri={Foreign}",
            $"client_id=nobody&redirect_uri={Redirect}",
            $"redirect_uri={Redirect}",
            $"client_id={Client}",
            $"client_id={Client}&redirect_uri={Redirect}&redirect_uri={Foreign}",
            $"client_id={Client}&client_id=nobody&redirect_uri={Redirect}",
        ];
        var data = new TheoryData<string, string>();
        foreach (var address in addresses)
        {
            foreach (var refusal in RefusalsOfAValidClient())
            {
                data.Add($"{refusal[0]}, {address}", $"{address}&state=xyz&{refusal[1]}");
            }
        }
        data.Add("two states", $"client_id={Client}&redirect_uri={Redirect}&state=a&state=b&response_type=code&scope=openid%20admin_everything&{Pkce}");
        return data;
    }

    [Theory]
    [MemberData(nameof(RefusalsWithoutAValidClientAndRedirectUri))]
    public async Task Rfc6749_ARefusalWithoutAValidClientAndRedirectUriIsNeverRedirected(string why, string query)
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/connect/authorize?" + query);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {response.Headers.Location}");
        Assert.Null(response.Headers.Location);
    }

    public static TheoryData<string, string, bool> BadTokenRequests() => new()
    {
        { "no grant_type", "code=abc", true },
        { "unknown grant_type", "grant_type=banana", true },
        { "password grant", "grant_type=password&username=alice&password=x", true },
        { "code grant without code", $"grant_type=authorization_code&redirect_uri={Redirect}&code_verifier=abc", true },
        { "garbage code", $"grant_type=authorization_code&code=not-a-code&redirect_uri={Redirect}&code_verifier={new string('v', 43)}", true },
        { "garbage refresh token", "grant_type=refresh_token&refresh_token=not-a-token", true },
        { "no client authentication", "grant_type=client_credentials", false },
        { "wrong client secret", "grant_type=client_credentials&client_id=test-rp&client_secret=wrong", false },
        { "unknown client", "grant_type=client_credentials&client_id=nobody&client_secret=whatever-whatever-whatever-12", false },
        // No client has a key set: a client assertion (private_key_jwt, RFC 7523) is not a way in.
        { "client assertion", "grant_type=client_credentials&client_id=test-rp&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJhbGciOiJub25lIn0.e30.", false },
        { "huge code", $"grant_type=authorization_code&code={new string('c', 50000)}&redirect_uri={Redirect}&code_verifier=abc", true },
    };

    [Theory]
    [MemberData(nameof(BadTokenRequests))]
    public async Task Rule13_BadTokenRequestGetsAnOAuthErrorNot500(string why, string body, bool authenticate)
    {
        using var client = factory.CreateClient();
        var rp = new RelyingParty(client);
        var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

        var (response, error) = await rp.TokenRequestAsync(form, authenticate);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{why}: {(int)response.StatusCode}");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()), why);
    }

    public static TheoryData<string, string, string?> RequestsWithoutClientAuthentication() => new()
    {
        { "no client at all, client credentials", "grant_type=client_credentials", null },
        { "no client at all, code", $"grant_type=authorization_code&code=abc&redirect_uri={Redirect}&code_verifier={new string('v', 43)}", null },
        { "no client at all, refresh token", "grant_type=refresh_token&refresh_token=abc", null },
        { "a confidential client's id without its secret, client credentials", $"grant_type=client_credentials&client_id={Client}", null },
        { "a confidential client's id without its secret, code", $"grant_type=authorization_code&client_id={Client}&code=abc&redirect_uri={Redirect}&code_verifier={new string('v', 43)}", null },
        { "a confidential client's id without its secret, refresh token", $"grant_type=refresh_token&client_id={Client}&refresh_token=abc", null },
        { "an empty secret in the Basic header", "grant_type=client_credentials", $"{Client}:" },
        { "a wrong secret in the Basic header", "grant_type=client_credentials", $"{Client}:wrong" },
        { "an unknown client in the body", "grant_type=client_credentials&client_id=nobody&client_secret=whatever-whatever-whatever-12", null },
        { "an unknown client in the Basic header", "grant_type=client_credentials", "nobody:whatever-whatever-whatever-12" },
    };

    /// <summary>
    /// RFC 6749 §5.2: invalid_client is "Client authentication failed (e.g., unknown client, no client authentication
    /// included, or unsupported authentication method)", answered with 401 and a WWW-Authenticate challenge when the
    /// client tried the Authorization header. KaseyaOne's clients are all confidential: a request without a secret has no
    /// client authentication, whatever it names.
    /// </summary>
    [Theory]
    [MemberData(nameof(RequestsWithoutClientAuthentication))]
    public async Task Rfc6749_ATokenRequestWithoutValidClientAuthenticationGetsInvalidClient(string why, string body, string? basic)
    {
        using var client = factory.CreateClient();

        var (response, error) = await new RelyingParty(client).TokenRequestAsync(FormOf(body), authenticate: false, basic: basic);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)response.StatusCode} {error}");
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
        if (basic is not null)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
        }
    }

    [Fact]
    public async Task Rule13_TokenEndpointRefusesGetAndNonFormBodies()
    {
        using var client = factory.CreateClient();

        var get = await client.GetAsync("/connect/token?grant_type=client_credentials");
        var json = await client.PostAsync("/connect/token", new StringContent("{\"grant_type\":\"client_credentials\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.True((int)get.StatusCode is >= 400 and < 500);
        Assert.True((int)json.StatusCode is >= 400 and < 500);
    }

    public static TheoryData<string, string, string?> RevocationsWithoutClientAuthentication() => new()
    {
        { "no client at all", "token=abc", null },
        { "a confidential client's id without its secret", $"token=abc&client_id={Client}", null },
        { "an empty secret in the Basic header", "token=abc", $"{Client}:" },
        { "a wrong secret in the Basic header", "token=abc", $"{Client}:wrong" },
        { "an unknown client in the body", "token=abc&client_id=nobody&client_secret=whatever-whatever-whatever-12", null },
    };

    /// <summary>
    /// RFC 7009 §2.1: the revocation endpoint authenticates the client as the token endpoint does, and §2.2.1 answers a
    /// failed authentication with RFC 6749 §5.2's invalid_client: nobody learns, or changes, anything of a token without it.
    /// </summary>
    [Theory]
    [MemberData(nameof(RevocationsWithoutClientAuthentication))]
    public async Task Rfc7009_ARevocationWithoutValidClientAuthenticationGetsInvalidClient(string why, string body, string? basic)
    {
        using var client = factory.CreateClient();

        var (response, error) = await new RelyingParty(client).RevocationRequestAsync(FormOf(body), authenticate: false, basic: basic);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)response.StatusCode} {error}");
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
    }

    /// <summary>A form body as a test case writes it (<c>name=value&amp;…</c>, values escaped).</summary>
    private static Dictionary<string, string> FormOf(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
}
