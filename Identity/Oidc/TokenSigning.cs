using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// Chooses the key that signs each token OpenIddict makes, after OpenIddict's own choice (<c>AttachSecurityCredentials</c>).
/// <list type="bullet">
/// <item>Authorization codes and refresh tokens come back only to KaseyaOne, and are encrypted for it alone (A256KW +
/// A256CBC-HS512): they are signed with the secret HMAC-SHA256 key, which KaseyaOne verifies as it verifies the others
/// (every signing key is a validation key) and never publishes (the JWKS lists asymmetric keys only). An ES256 signature
/// costs a scalar multiplication to make and two to verify; an HMAC, two hashes.</item>
/// <item>ID tokens are signed with the algorithm their client registered (OpenID Connect Dynamic Client Registration 1.0
/// §2, id_token_signed_response_alg): every algorithm discovery advertises is one a client can get (Discovery 1.0 §3).</item>
/// <item>Every other token keeps the published ES256 key, as resource servers verify them with the JWKS (OpenID
/// Connect Core §10.1).</item>
/// </list>
/// </summary>
public sealed class TokenSigning(IOptionsMonitor<OidcOptions> oidc) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<TokenSigning>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        context.SigningCredentials = context.TokenType switch
        {
            TokenTypeIdentifiers.Private.AuthorizationCode or TokenTypeIdentifiers.RefreshToken
                => context.Options.SigningCredentials.First(credentials => credentials.Key is SymmetricSecurityKey),
            TokenTypeIdentifiers.IdentityToken
                => ProviderKeys.Published(context.Options, oidc.CurrentValue.IdTokenAlgorithmFor(context.ClientId ?? context.Request?.ClientId)),
            _ => ProviderKeys.Published(context.Options),
        };
        return default;
    }
}
