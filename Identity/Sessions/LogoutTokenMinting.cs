using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using SsoSuite.Identity.Oidc;

namespace SsoSuite.Identity.Sessions;

/// <summary>What a logout token says: who issues it, to which client, for which subject and (maybe) session.</summary>
public sealed record LogoutTokenContent(string Issuer, string ClientId, string Subject, string? SessionId);

/// <summary>
/// Writes the logout token into each attempt of a back-channel delivery, innermost in the HTTP pipeline, so that
/// every retry (the resilience handler's quick ones and the outbox's later ones) carries a fresh token: new
/// <c>jti</c>, <c>iat</c> and <c>exp</c>. A client refuses a jti it has seen (Back-Channel Logout 1.0 §2.6, step 8)
/// and a token lives two minutes, so re-sending the first token would fail or arrive expired.
/// </summary>
public sealed class LogoutTokenMinting(IOptionsMonitor<OpenIddictServerOptions> server, IOptionsMonitor<OidcOptions> oidc, TimeProvider clock)
    : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<LogoutTokenContent> Content = new("k1.logout-token");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Content, out var content))
        {
            throw new InvalidOperationException("A back-channel logout request needs its token content.");
        }
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = Mint(content) });
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Back-Channel Logout 1.0 §2.4: typ logout+jwt, iss, aud, iat, exp, jti, the logout event, sub and/or sid, no nonce.</summary>
    public string Mint(LogoutTokenContent content)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", content.Subject), new("jti", Guid.NewGuid().ToString("N")) };
        if (content.SessionId is not null)
        {
            claims.Add(new Claim("sid", content.SessionId));
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = content.Issuer,
            Audience = content.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            TokenType = "logout+jwt",
            // Back-Channel Logout 1.0 §2.4 and §2.6: signed, and checked by the client, as its ID tokens are.
            SigningCredentials = ProviderKeys.Published(server.CurrentValue, oidc.CurrentValue.IdTokenAlgorithmFor(content.ClientId)),
            Subject = new ClaimsIdentity(claims),
            Claims = new Dictionary<string, object>
            {
                ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
            },
        });
    }
}
