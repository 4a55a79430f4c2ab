using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>
/// What a relying party does: builds authorization requests with PKCE, redeems codes, validates ID tokens. Its PKCE
/// verifier is random, or the <paramref name="verifier"/> a test gives it.
/// </summary>
public sealed class RelyingParty(HttpClient http, string? verifier = null)
{
    public string Verifier { get; } = verifier ?? Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
    public string State { get; } = Guid.NewGuid().ToString("N");
    public string Nonce { get; } = Guid.NewGuid().ToString("N");

    public string Challenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizeUrl(string scope = "openid profile email roles k1_tenant offline_access", string? extra = null) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = IdentityFactory.ClientId,
            ["redirect_uri"] = IdentityFactory.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        }) + (extra is null ? "" : "&" + extra);

    /// <summary>The code from the redirect back to the client, after checking the state it carries.</summary>
    public string CodeFrom(Page page)
    {
        Assert.NotNull(page.LeftTo);
        Assert.StartsWith(IdentityFactory.RedirectUri, page.LeftTo!.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(page.LeftTo.Query);
        Assert.Equal(State, query["state"].ToString());
        Assert.True(query.ContainsKey("code"), "No code in " + page.LeftTo);
        return query["code"].ToString();
    }

    public static IDictionary<string, string> ErrorFrom(Page page)
    {
        Assert.NotNull(page.LeftTo);
        return QueryHelpers.ParseQuery(page.LeftTo!.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> RedeemAsync(string code, string? verifier = null) =>
        TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = IdentityFactory.RedirectUri,
            ["code_verifier"] = verifier ?? Verifier,
        });

    public Task<(HttpResponseMessage Response, JsonElement Body)> RefreshAsync(string refreshToken) =>
        TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>
    /// A token request with <paramref name="form"/>, the test client authenticating in the Basic header unless told not to,
    /// or the <paramref name="basic"/> credentials (<c>client_id:secret</c>) there instead.
    /// </summary>
    public Task<(HttpResponseMessage Response, JsonElement Body)> TokenRequestAsync(
        IDictionary<string, string> form, bool authenticate = true, string? basic = null) =>
        PostFormAsync("/connect/token", form, authenticate, basic);

    /// <summary>A revocation request (RFC 7009 §2.1) with <paramref name="form"/>, the client authenticating as for <see cref="TokenRequestAsync"/>.</summary>
    public Task<(HttpResponseMessage Response, JsonElement Body)> RevocationRequestAsync(
        IDictionary<string, string> form, bool authenticate = true, string? basic = null) =>
        PostFormAsync("/connect/revoke", form, authenticate, basic);

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostFormAsync(
        string path, IDictionary<string, string> form, bool authenticate, string? basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (authenticate || basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(basic ?? $"{IdentityFactory.ClientId}:{IdentityFactory.ClientSecret}")));
        }
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>
    /// Asks the userinfo endpoint with a bearer access token: the answer, and its claims when it answered with JSON
    /// (a refusal is a status page).
    /// </summary>
    public async Task<(HttpResponseMessage Response, JsonElement Claims)> UserInfoAsync(string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await http.SendAsync(request);
        return (response, response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
            : default);
    }

    /// <summary>Validates an ID token's signature against the provider's JWKS, its issuer, audience and nonce.</summary>
    public async Task<JsonWebToken> ValidateIdTokenAsync(string idToken)
    {
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks"));
        var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = IdentityFactory.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = true,
        });
        Assert.True(result.IsValid, "ID token invalid: " + result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(Nonce, token.GetClaim("nonce").Value);
        return token;
    }
}
