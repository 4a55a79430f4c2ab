using System.Diagnostics.Metrics;
using OpenIddict.Server;
using SsoSuite.Shared.Hosting;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// <c>kaseyaone.tokens.issued</c> (meter <c>kaseyaone.oidc</c>): the tokens every answer of the authorization and token
/// endpoints carried, by <c>type</c> (<c>authorization_code</c>, <c>access_token</c>, <c>id_token</c>, <c>refresh_token</c>).
/// Counted once the sign-in's token rows are stored (<see cref="TokenWriteBatch"/>): a redemption that lost a race
/// issued nothing and is not counted.
/// </summary>
public sealed class TokenMetrics : IOpenIddictServerHandler<ProcessSignInContext>
{
    private readonly Counter<long> issued;

    public TokenMetrics(IMeterFactory meters, AppTelemetry app) =>
        issued = app.CreateMeter(meters, "oidc").CreateCounter<long>(app.Instrument("tokens.issued"), "{token}",
            "Tokens issued by the authorization and token endpoints, by type.");

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<TokenMetrics>()
            .SetOrder(TokenWriteBatch.Commit.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.IsRejected)
        {
            return default;
        }
        Count(context.AuthorizationCode, "authorization_code");
        Count(context.AccessToken, "access_token");
        Count(context.IdentityToken, "id_token");
        Count(context.RefreshToken, "refresh_token");
        return default;
    }

    private void Count(string? token, string type)
    {
        if (!string.IsNullOrEmpty(token))
        {
            issued.Add(1, new KeyValuePair<string, object?>("type", type));
        }
    }
}
