using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using SsoSuite.Testing.Browsing;

namespace SsoSuite.Benchmarks;

/// <summary>What a relying party does: an authorization request with PKCE, then the code's redemption.</summary>
public sealed class PkceRequest
{
    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));
    public string State { get; } = Base64Url(RandomNumberGenerator.GetBytes(12));

    public string AuthorizeUrl(string clientId, string redirectUri) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile email roles k1_tenant offline_access",
            ["state"] = State,
            ["nonce"] = State,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))),
            ["code_challenge_method"] = "S256",
        });

    /// <summary>The code from the redirect back to the client, when it carries this request's state.</summary>
    public string? CodeFrom(Page landing, string redirectUri)
    {
        if (landing.LeftTo is not { } back || !back.ToString().StartsWith(redirectUri, StringComparison.Ordinal))
        {
            return null;
        }
        var query = QueryHelpers.ParseQuery(back.Query);
        return query.TryGetValue("state", out var state) && state == State && query.TryGetValue("code", out var code)
            ? code.ToString()
            : null;
    }

    public HttpRequestMessage Redemption(string code, string redirectUri, AuthenticationHeaderValue client) =>
        new(HttpMethod.Post, "/connect/token")
        {
            Headers = { Authorization = client },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUri,
                ["code_verifier"] = Verifier,
            }),
        };

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
