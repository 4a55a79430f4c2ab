using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

public static class OidcSetup
{
    /// <summary>OpenIddict 7 as the OpenID Connect provider, on the EF Core store, with persisted keys.</summary>
    public static WebApplicationBuilder AddOidcProvider(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OidcOptions>().Bind(builder.Configuration.GetSection(OidcOptions.Section))
            .Validate(o => o.Clients.Select(c => c.ClientId).Distinct(StringComparer.Ordinal).Count() == o.Clients.Count,
                "Oidc:Clients declares the same client id twice.")
            // OpenID Connect Discovery 1.0 §3: the issuer is a URL with no query or fragment.
            .Validate(o => o.Issuer is null or { IsAbsoluteUri: true, Scheme: "https" or "http", Query: "", Fragment: "" },
                "Oidc:Issuer must be KaseyaOne's public absolute http(s) URL, without query or fragment, such as https://login.example/.")
            // Each session keeps the issuer its logout tokens will carry: one that does not fit would refuse every sign-in.
            .Validate(o => o.Issuer is not { IsAbsoluteUri: true } || o.Issuer.AbsoluteUri.Length <= K1Session.IssuerMaxLength,
                $"Oidc:Issuer must be at most {K1Session.IssuerMaxLength} characters long.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OidcOptions>, ClientsValidation>();

        builder.Services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>();
                core.ReplaceApplicationManager(typeof(ClientSecretHasher<>));
                core.ReplaceTokenStore<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken, KaseyaOneTokenStore>();
                core.ReplaceAuthorizationStore<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization, KaseyaOneAuthorizationStore>();
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(OidcEndpoints.AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(OidcEndpoints.TokenPath.TrimStart('/'))
                    .SetUserInfoEndpointUris(OidcEndpoints.UserInfoPath.TrimStart('/'))
                    .SetEndSessionEndpointUris(OidcEndpoints.EndSessionPath.TrimStart('/'))
                    .SetRevocationEndpointUris(OidcEndpoints.RevocationPath.TrimStart('/'))
                    .SetJsonWebKeySetEndpointUris(OidcEndpoints.JwksPath.TrimStart('/'));

                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess,
                    KaseyaOneScopes.Tenant, KaseyaOneScopes.TenantLinks, KaseyaOneScopes.Launcher);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email, Claims.EmailVerified, Claims.Role,
                    KaseyaOneClaims.TenantId, KaseyaOneClaims.TenantName, KaseyaOneClaims.SessionId,
                    Claims.AuthenticationMethodReference, Claims.AuthenticationTime, KaseyaOneClaims.LandingPage);

                // Access tokens are signed JWTs that BMS and APIs can validate with the JWKS alone.
                server.DisableAccessTokenEncryption();
                server.Configure(options =>
                {
                    // RFC 7636 §7.2: "plain" offers no protection against a stolen code; S256 only.
                    options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    // Discovery advertises only what KaseyaOne does: no consent screen (its clients are registered by
                    // its operators) and no account chooser, so prompt=consent and select_account are refused with
                    // invalid_request (OpenID Connect Prompt Create 1.0 §4.1) rather than silently answered with a code.
                    options.PromptValues.Remove(PromptValues.Consent);
                    options.PromptValues.Remove(PromptValues.SelectAccount);
                    // Clients authenticate with their secret (ClientOptions): none has a key set, so client assertions
                    // (private_key_jwt, RFC 7523) are neither advertised nor taken.
                    options.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
                    options.ClientAssertionTypes.Remove(ClientAssertionTypes.JwtBearer);
                });
                server.AddEventHandler<HandleConfigurationRequestContext>(handler =>
                    handler.UseInlineHandler(AdvertiseLogoutSupport));
                server.AddEventHandler<HandleConfigurationRequestContext>(handler =>
                    handler.UseInlineHandler(EndpointsAtTheIssuer)
                        .SetOrder(OpenIddictServerHandlers.Discovery.AttachEndpoints.Descriptor.Order + 500));
                server.AddEventHandler<ValidateAuthorizationRequestContext>(handler =>
                    handler.UseInlineHandler(RefuseRepeatedParameters).SetOrder(int.MinValue + 50_000));
                server.AddEventHandler<ValidateEndSessionRequestContext>(handler =>
                    handler.UseInlineHandler(RefuseRepeatedParameters).SetOrder(int.MinValue + 50_000));
                server.AddEventHandler<ValidateEndSessionRequestContext>(handler =>
                    handler.UseInlineHandler(RequireReturnableState).SetOrder(int.MinValue + 60_000));
                // After OpenIddict has validated the client and its redirect_uri, so that a request with a bad one of those
                // is refused for that (on the error page), and any other refusal can go back to the client (RefusalsToTheClient).
                server.AddEventHandler<ValidateAuthorizationRequestContext>(handler =>
                    handler.UseInlineHandler(RequireNumericMaxAge)
                        .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order + 500));
                server.AddEventHandler<ValidateAuthorizationRequestContext>(handler =>
                    handler.UseInlineHandler(RequireWellFormedCodeChallenge)
                        .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order + 500));
                // After OpenIddict has validated the hint (it ignores one it cannot read).
                server.AddEventHandler<ValidateAuthorizationRequestContext>(handler =>
                    handler.UseInlineHandler(RequireReadableIdTokenHint)
                        .SetOrder(OpenIddictServerHandlers.Authentication.ValidateAuthentication.Descriptor.Order + 500));
                server.AddEventHandler(RefusalsToTheClient.Descriptor);
                server.AddEventHandler<ValidateTokenRequestContext>(handler =>
                    handler.UseInlineHandler(RequireWellFormedCodeVerifier).SetOrder(int.MinValue + 100_000));
                // Before OpenIddict's own checks of client_id and client_secret, which answer invalid_request.
                server.AddEventHandler<ValidateTokenRequestContext>(handler =>
                    handler.UseInlineHandler(RequireClientAuthentication)
                        .SetOrder(OpenIddictServerHandlers.Exchange.ValidateClientIdParameter.Descriptor.Order - 500));
                // After OpenIddict has validated the hint (it ignores one it cannot read) and before it matches the hint's
                // client with the address.
                server.AddEventHandler<ValidateEndSessionRequestContext>(handler =>
                    handler.UseInlineHandler(RequireValidIdTokenHintForRedirect)
                        .SetOrder(OpenIddictServerHandlers.Session.ValidateAuthentication.Descriptor.Order + 500));
                server.AddEventHandler<ExtractUserInfoRequestContext>(handler =>
                    handler.UseInlineHandler(IgnoreAccessTokenInQueryString)
                        .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractAccessToken<ExtractUserInfoRequestContext>.Descriptor.Order + 500));
                server.AddEventHandler(TokenSigning.Descriptor);
                // A sign-in's token rows are written together, once, before the answer (TokenWriteBatch).
                server.AddEventHandler(TokenWriteBatch.Open.Descriptor);
                server.AddEventHandler(TokenWriteBatch.Commit.Descriptor);
                server.AddEventHandler(TokenMetrics.AuthorizationAnswers);
                server.AddEventHandler(TokenMetrics.TokenAnswers);
                server.AddEventHandler<GenerateTokenContext>(handler =>
                    handler.UseInlineHandler(StoreOnlyTokensThatAreLookedUp)
                        .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500));

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                // A user's access token is stored and revoked with its session (SessionEnding, SPEC rule 9): the APIs
                // check its entry, so a token kept past a sign-out, deactivation or reset opens nothing. A client's
                // own token has no entry (StoreOnlyTokensThatAreLookedUp) and is checked by its signature alone.
                validation.EnableTokenEntryValidation();
                // RFC 6750 §5.3, RFC 9700 §4.3.2: a token in a URL is logged and kept in history; the APIs take none there.
                validation.UseAspNetCore().DisableAccessTokenExtractionFromQueryString();
            });

        builder.Services.AddScoped<TokenWriteBatch>();
        // OpenIddict's events dispatched from per-event handler lists (ServerDispatcher says why).
        builder.Services.AddSingleton(new RegisteredLifetimes(builder.Services));
        builder.Services.AddSingleton<ServerEventPlans>();
        builder.Services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, ServerDispatcher>());
        // The issuer and lifetimes come from the validated Oidc section, read when OpenIddict's options are built.
        builder.Services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<OidcOptions>>((server, settings) =>
        {
            var oidc = settings.Value;
            server.Issuer = oidc.Issuer ?? server.Issuer;
            server.AccessTokenLifetime = oidc.AccessTokenLifetime;
            server.IdentityTokenLifetime = oidc.IdentityTokenLifetime;
            server.RefreshTokenLifetime = oidc.RefreshTokenLifetime;
            server.AuthorizationCodeLifetime = oidc.AuthorizationCodeLifetime;
        });
        // The embedded default runs on http://localhost; a production issuer is https.
        builder.Services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<OidcOptions>>((aspnet, settings) =>
            aspnet.DisableTransportSecurityRequirement = settings.Value.Issuer is null || settings.Value.Issuer.Scheme == Uri.UriSchemeHttp);
        builder.Services.AddSingleton<ProviderKeys>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(services => services.GetRequiredService<ProviderKeys>());
        builder.Services.AddSingleton<IStoreStartupStep>(services => services.GetRequiredService<ProviderKeys>());
        builder.Services.AddSingleton<IStoreStartupStep, ClientRegistration>();
        builder.Services.AddSingleton<ClientIdChanges>();
        return builder;
    }

    /// <summary>Front-Channel Logout 1.0 §3 and Back-Channel Logout 1.0 §2.1: both are done, with sid.</summary>
    private static ValueTask AdvertiseLogoutSupport(HandleConfigurationRequestContext context)
    {
        context.Metadata["frontchannel_logout_supported"] = true;
        context.Metadata["frontchannel_logout_session_supported"] = true;
        context.Metadata["backchannel_logout_supported"] = true;
        context.Metadata["backchannel_logout_session_supported"] = true;
        return default;
    }

    /// <summary>
    /// OpenIddict builds the discovery document's endpoint URIs from the request's own host, which any client
    /// can name. With a configured issuer they are moved onto the issuer's scheme and authority, so that no
    /// Host header can send relying parties elsewhere (OpenID Connect Discovery 1.0 §4.3: the issuer is the
    /// authority the metadata speaks for).
    /// </summary>
    private static ValueTask EndpointsAtTheIssuer(HandleConfigurationRequestContext context)
    {
        // Options.Issuer is set only from Oidc:Issuer; without it the host is the issuer and nothing moves.
        if (context.Options.Issuer is not { } issuer)
        {
            return default;
        }
        Uri? AtIssuer(Uri? endpoint) => endpoint is null ? null
            : new UriBuilder(endpoint) { Scheme = issuer.Scheme, Host = issuer.Host, Port = issuer.Port }.Uri;
        context.AuthorizationEndpoint = AtIssuer(context.AuthorizationEndpoint);
        context.TokenEndpoint = AtIssuer(context.TokenEndpoint);
        context.UserInfoEndpoint = AtIssuer(context.UserInfoEndpoint);
        context.EndSessionEndpoint = AtIssuer(context.EndSessionEndpoint);
        context.RevocationEndpoint = AtIssuer(context.RevocationEndpoint);
        context.IntrospectionEndpoint = AtIssuer(context.IntrospectionEndpoint);
        context.JsonWebKeySetEndpoint = AtIssuer(context.JsonWebKeySetEndpoint);
        context.DeviceAuthorizationEndpoint = AtIssuer(context.DeviceAuthorizationEndpoint);
        context.PushedAuthorizationEndpoint = AtIssuer(context.PushedAuthorizationEndpoint);
        return default;
    }

    /// <summary>
    /// Only tokens that are looked up later get a row in the token table; a row nobody reads would only make
    /// a sign-in write more under SQLite's single writer (and grow the table until it is pruned).
    /// <list type="bullet">
    /// <item>Access tokens issued to a client for itself (client credentials): self-contained signed JWTs that
    /// expire within minutes, with no user, no session and no authorization to revoke.</item>
    /// <item>Identity tokens: a relying party only ever sends one back as an id_token_hint (RP-Initiated Logout
    /// 1.0 §2), a hint about a current or past session that stays usable after the token expires or its session
    /// ends. OpenIddict checks the hint's signature and never its row; the end-session endpoint redirects only
    /// to an address registered for the client the hint names.</item>
    /// </list>
    /// Authorization codes and refresh tokens (replay detection, revocation when a session ends) and user access
    /// tokens (refused at userinfo once revoked) are still stored.
    /// </summary>
    private static ValueTask StoreOnlyTokensThatAreLookedUp(GenerateTokenContext context)
    {
        if (context.TokenType is TokenTypeIdentifiers.IdentityToken
            || (context.TokenType is TokenTypeIdentifiers.AccessToken && context.Request?.IsClientCredentialsGrantType() == true))
        {
            context.CreateTokenEntry = false;
        }
        return default;
    }

    /// <summary>
    /// RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." A repeated state, nonce,
    /// scope or prompt has no single meaning, and carried on through the sign-in pages it would be dropped; refused
    /// with the protocol's error instead. resource may repeat (RFC 8707 §2).
    /// </summary>
    private static ValueTask RefuseRepeatedParameters(BaseValidatingContext context)
    {
        if (context.Transaction.Request is not { } request)
        {
            return default;
        }
        foreach (var (name, value) in request.GetParameters())
        {
            if (value.Count > 1 && name != Parameters.Resource)
            {
                context.Reject(Errors.InvalidRequest, $"The '{name}' parameter must not be given more than once.");
                break;
            }
        }
        return default;
    }

    /// <summary>The longest end-session state carried back to the client (<see cref="RequireReturnableState"/>).</summary>
    public const int EndSessionStateMaxLength = 2_000;

    /// <summary>
    /// RP-Initiated Logout 1.0 §2-§3: the state comes back to the client with the user, through the signed-out page, whose
    /// protected ticket carries it in the page's own URL. A state of thousands of characters would make that URL longer
    /// than a request line may be (Kestrel's 8 KB: a bare 414) or the ticket longer than the page reads, and the user
    /// would never get back to the client; it is refused with invalid_request before anything ends.
    /// </summary>
    private static ValueTask RequireReturnableState(ValidateEndSessionRequestContext context)
    {
        if (context.Request.State is { Length: > EndSessionStateMaxLength })
        {
            context.Reject(Errors.InvalidRequest, $"The state parameter must be at most {EndSessionStateMaxLength} characters.");
        }
        return default;
    }

    /// <summary>OpenID Connect Core §3.1.2.1: max_age is a number of seconds; anything else is refused, not ignored.</summary>
    private static ValueTask RequireNumericMaxAge(ValidateAuthorizationRequestContext context)
    {
        if (context.Request.GetParameter(Parameters.MaxAge) is not null && context.Request.MaxAge is not >= 0)
        {
            context.Reject(Errors.InvalidRequest, "The max_age parameter must be a number of seconds.");
        }
        return default;
    }

    /// <summary>
    /// RFC 6750 §5.3 ("Don't pass bearer tokens in page URLs") and RFC 9700 §4.3.2: a token in a URL is written to logs,
    /// history and Referer headers, so the userinfo endpoint takes it from the Authorization header or a form body only
    /// (RFC 6750 §2.1-§2.2). One sent as ?access_token= is ignored, and the request is answered as one without a token.
    /// </summary>
    private static ValueTask IgnoreAccessTokenInQueryString(ExtractUserInfoRequestContext context)
    {
        if (context.Transaction.GetHttpRequest() is { } http && context.Request is { AccessToken: { } token } request
            && !http.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && string.Equals(http.Query[Parameters.AccessToken], token, StringComparison.Ordinal))
        {
            request.AccessToken = null;
        }
        return default;
    }

    /// <summary>
    /// RFC 7636 §4.2: an S256 code_challenge is BASE64URL(SHA256(verifier)), 43 characters of the base64url alphabet
    /// without padding. Any other challenge could never be met, so the request is refused now, not at the token endpoint.
    /// </summary>
    private static ValueTask RequireWellFormedCodeChallenge(ValidateAuthorizationRequestContext context)
    {
        if (context.Request.CodeChallengeMethod == CodeChallengeMethods.Sha256 && context.Request.CodeChallenge is { Length: > 0 } challenge
            && (challenge.Length != 43 || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            context.Reject(Errors.InvalidRequest, "An S256 code_challenge is 43 base64url characters (RFC 7636 §4.2).");
        }
        return default;
    }

    /// <summary>
    /// RFC 7636 §4.1: a code_verifier is 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". OpenIddict
    /// only compares its hash with the challenge, so a client that made a short, low-entropy verifier (or a base64 one)
    /// would be served; it is told instead. The code is not spent by the refusal.
    /// </summary>
    private static ValueTask RequireWellFormedCodeVerifier(ValidateTokenRequestContext context)
    {
        if (context.Request.IsAuthorizationCodeGrantType() && context.Request.CodeVerifier is { Length: > 0 } verifier
            && (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')))
        {
            context.Reject(Errors.InvalidRequest,
                "The code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636 §4.1).");
        }
        return default;
    }

    /// <summary>
    /// RFC 6749 §5.2: invalid_client is "Client authentication failed (e.g., unknown client, no client authentication
    /// included, ...)". OpenIddict answers invalid_request to a code or client_credentials request that names no client at
    /// all, and to a client_credentials request with a client_id but no secret (an empty one in the Basic header included);
    /// both are requests without client authentication. Every KaseyaOne client is confidential (ClientRegistration), and
    /// client_credentials is for confidential clients only (§4.4), so these get invalid_client, which OpenIddict answers
    /// with 401 and WWW-Authenticate: Basic (required by §5.2 when the client tried the Authorization header). A code or
    /// refresh request that names a client without a secret still goes to OpenIddict, which knows the client's type.
    /// </summary>
    private static ValueTask RequireClientAuthentication(ValidateTokenRequestContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.ClientSecret) && string.IsNullOrEmpty(request.ClientAssertion)
            && (string.IsNullOrEmpty(request.ClientId) || request.IsClientCredentialsGrantType()))
        {
            context.Reject(Errors.InvalidClient, "Client authentication is required: send the client_id and client_secret.");
        }
        return default;
    }

    /// <summary>
    /// OpenID Connect Core §3.1.2.1: an id_token_hint is an ID token KaseyaOne issued, naming the user the client expects;
    /// AuthorizeAsync answers login_required when another user is signed in. OpenIddict drops a hint it cannot read
    /// (forged, unsigned, damaged in transit), which would have passed that check and given a code for whoever is signed
    /// in; such a hint is refused with invalid_request instead. An expired hint is still read, and still checked.
    /// </summary>
    private static ValueTask RequireReadableIdTokenHint(ValidateAuthorizationRequestContext context)
    {
        if (!string.IsNullOrEmpty(context.Request.IdTokenHint) && context.IdentityTokenHintPrincipal is null)
        {
            context.Reject(Errors.InvalidRequest, "The id_token_hint is not an identity token issued by KaseyaOne.");
        }
        return default;
    }

    /// <summary>
    /// A post_logout_redirect_uri is honoured only with a valid id_token_hint naming the client it belongs to
    /// (RP-Initiated Logout 1.0 §2-§3), so that nobody can use the end-session endpoint as a redirector. OpenIddict
    /// checks the hint's client against the address only when the hint is one of its identity tokens (expired ones
    /// included: a hint need not be current); a hint it cannot read would leave any client's registered address open.
    /// </summary>
    private static ValueTask RequireValidIdTokenHintForRedirect(ValidateEndSessionRequestContext context)
    {
        if (!string.IsNullOrEmpty(context.PostLogoutRedirectUri) && context.IdentityTokenHintPrincipal is null)
        {
            context.Reject(Errors.InvalidRequest, string.IsNullOrEmpty(context.Request.IdTokenHint)
                ? "A post_logout_redirect_uri requires an id_token_hint."
                : "The id_token_hint is not an identity token issued by KaseyaOne.");
        }
        return default;
    }
}
