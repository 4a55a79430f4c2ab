using System.Diagnostics.Metrics;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using SsoSuite.Shared.Hosting;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// <c>kaseyaone.tokens.issued</c> (meter <c>kaseyaone.oidc</c>): the tokens the authorization and token endpoints' answers
/// carry, by <c>type</c> (<c>authorization_code</c>, <c>access_token</c>, <c>id_token</c>, <c>refresh_token</c>). Read from
/// the answer as it is applied, so that a request refused at any step (a code redeemed twice) counts nothing.
/// </summary>
public sealed class TokenMetrics : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>, IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    private readonly Counter<long> issued;

    public TokenMetrics(IMeterFactory meters, AppTelemetry app) =>
        issued = app.CreateMeter(meters, "oidc").CreateCounter<long>(app.Instrument("tokens.issued"), "{token}",
            "Tokens issued by the authorization and token endpoints, by type.");

    public static OpenIddictServerHandlerDescriptor AuthorizationAnswers { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<TokenMetrics>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor TokenAnswers { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<TokenMetrics>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        Count(context.Response);
        return default;
    }

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        Count(context.Response);
        return default;
    }

    private void Count(OpenIddictResponse answer)
    {
        Count(answer.Code, "authorization_code");
        Count(answer.AccessToken, "access_token");
        Count(answer.IdToken, "id_token");
        Count(answer.RefreshToken, "refresh_token");
    }

    private void Count(string? token, string type)
    {
        if (!string.IsNullOrEmpty(token))
        {
            Issued(type);
        }
    }

    /// <summary>One token of this type issued; also for the answers given ahead of OpenIddict (ClientCredentialsTokens).</summary>
    public void Issued(string type) => issued.Add(1, new KeyValuePair<string, object?>("type", type));
}
