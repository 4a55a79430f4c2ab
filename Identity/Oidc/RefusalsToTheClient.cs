using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// RFC 6749 §4.1.2.1 (and OpenID Connect Core §3.1.2.6): once the client and its redirect_uri are valid, a refused
/// authorization request goes back to the client, at that redirect_uri, with error, error_description and state (and
/// iss, RFC 9207, which discovery advertises), so that the client can tell its user what happened. OpenIddict redirects
/// only the refusals its endpoint handler makes (access_denied, login_required); a request refused while it is being
/// validated (invalid_scope, unsupported_response_type, a bad PKCE challenge, a repeated parameter, ...) it shows on
/// KaseyaOne's error page, whatever the refusal. This decides again, after OpenIddict, and on its own: whichever check
/// refused the request, and whether or not OpenIddict had validated the client and redirect_uri by then, the answer
/// leaves KaseyaOne only for an address registered, character for character, for the client the request names.
/// "If the request fails due to a missing, invalid, or mismatching redirection URI, or if the client identifier is
/// missing or invalid", the user sees the error page and is never redirected (§4.1.2.1, RFC 9700 §4.11).
/// </summary>
public sealed class RefusalsToTheClient(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    /// <summary>After OpenIddict has attached the redirect_uri of a request it did not refuse, before it picks the response mode.</summary>
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<RefusalsToTheClient>()
            .SetOrder(OpenIddictServerHandlers.Authentication.AttachRedirectUri.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>Given twice, these leave no single client, address, way of answering or state to answer with (RFC 6749 §3.1).</summary>
    private static readonly HashSet<string> Addressing =
        new([Parameters.ClientId, Parameters.RedirectUri, Parameters.ResponseMode, Parameters.State], StringComparer.Ordinal);

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (string.IsNullOrEmpty(context.Error) || !string.IsNullOrEmpty(context.RedirectUri)
            || context.Request is not { ClientId: { Length: > 0 } clientId, RedirectUri: { Length: > 0 } redirectUri } request
            || request.GetParameters().Any(parameter => Addressing.Contains(parameter.Key) && parameter.Value.Count > 1)
            || await applications.FindByClientIdAsync(clientId, context.CancellationToken) is not { } application
            || !await applications.ValidateRedirectUriAsync(application, redirectUri, context.CancellationToken))
        {
            return;
        }

        // A response_mode KaseyaOne does not have, or a response_type from which none can be inferred: the error goes
        // in the query, the code flow's default (RFC 6749 §4.1.2.1, OAuth 2.0 Multiple Response Types §2.1).
        if (!request.IsQueryResponseMode() && !request.IsFragmentResponseMode() && !request.IsFormPostResponseMode())
        {
            request.ResponseMode = ResponseModes.Query;
        }
        context.RedirectUri = redirectUri;
    }
}
