using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// The protocol surface: one handler per OpenID Connect endpoint. OpenIddict validates each request
/// (client, redirect URI, PKCE, grant) before it reaches a handler; the handlers decide who is signed in
/// and which claims go where.
/// </summary>
public static class OidcEndpoints
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";
    public const string EndSessionPath = "/connect/endsession";
    public const string RevocationPath = "/connect/revoke";
    public const string JwksPath = "/.well-known/jwks";

    private const string Provider = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static WebApplication MapOidcEndpoints(this WebApplication app)
    {
        app.MapMethods(AuthorizePath, ["GET", "POST"], AuthorizeAsync).DisableAntiforgery();
        app.MapPost(TokenPath, (Delegate)TokenAsync).DisableAntiforgery();
        app.MapMethods(UserInfoPath, ["GET", "POST"], UserInfoAsync).DisableAntiforgery();
        app.MapMethods(EndSessionPath, ["GET", "POST"], EndSessionAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// Authorization endpoint. Without a live KaseyaOne session (which always had password and code),
    /// or when the client asks for a fresh sign-in (prompt=login, an exceeded max_age), the browser goes
    /// through the sign-in pages first; with one, the code is issued without a prompt.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, SessionStore sessions, IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations, ModuleUrls moduleUrls, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest()
                      ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        // A refusal decided on the sign-in page goes back to the client as the protocol's access_denied.
        var pending = await http.AuthenticateAsync(KaseyaOneCookies.Pending);
        if (pending.Principal?.FindFirst(KaseyaOneCookies.RefusalClaim) is not null)
        {
            await http.SignOutAsync(KaseyaOneCookies.Pending);
            return Refuse(Errors.AccessDenied, "The KaseyaOne account is inactive.");
        }

        var session = await http.AuthenticateAsync(KaseyaOneCookies.Session);
        var liveSid = session.Principal?.FindFirst(KaseyaOneClaims.SessionId)?.Value;
        var replaces = (string?)request.GetParameter(ReplacesSession);
        if (!session.Succeeded || request.HasPromptValue(PromptValues.Login) || MaxAgeExceeded(request, session.Principal, clock)
            || (replaces is not null && liveSid is not null && string.Equals(replaces, SessionMark(liveSid), StringComparison.Ordinal)))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in to KaseyaOne.");
            }
            // Back here after the sign-in, minus prompt=login and max_age, which that sign-in satisfies; in their place
            // the mark of the session they asked to replace (OpenID Connect Core §3.1.2.1: prompt=login "MUST" prompt
            // for reauthentication). A sign-in always starts a new session, so only the sign-in satisfies the mark:
            // the address opened directly, with the old session still live, comes back here instead of giving a code.
            var parameters = request.GetParameters()
                .Where(p => p.Key is not (Parameters.Prompt or Parameters.MaxAge or ReplacesSession))
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))
                .Append(KeyValuePair.Create<string, string?>(Parameters.Prompt,
                    string.Join(' ', request.GetPromptValues().Remove(PromptValues.Login))))
                .Append(KeyValuePair.Create(ReplacesSession, liveSid is null ? replaces : SessionMark(liveSid)))
                .Where(p => !string.IsNullOrEmpty(p.Value));
            var back = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            // The sign-in pages come back only to a local URL of at most LocalUrl.MaxLength characters; a longer request
            // (an outsized state or nonce) would land on the home page after the sign-in, its client never answered.
            // It is refused now, back to the client, instead.
            if (back.Length > LocalUrl.MaxLength)
            {
                return Refuse(Errors.InvalidRequest,
                    $"The authorization request is too long to come back to after the sign-in (at most {LocalUrl.MaxLength} characters).");
            }
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [KaseyaOneCookies.Session]);
        }

        var user = session.Principal!;
        // OpenID Connect Core §3.1.2.1: the id_token_hint names the user the client expects (OpenIddict has checked it
        // was issued to this client). Another user signed in, or signed in on the way here, gets no code for the client.
        if (!string.IsNullOrEmpty(request.IdTokenHint)
            && (await http.AuthenticateAsync(Provider)).Principal?.GetClaim(Claims.Subject) is { } hinted
            && !string.Equals(hinted, user.FindFirst(KaseyaOneClaims.Subject)?.Value, StringComparison.Ordinal))
        {
            return Refuse(Errors.LoginRequired, "The id_token_hint names another KaseyaOne user than the one signed in.");
        }
        var identity = NewIdentity();
        foreach (var type in SessionClaimTypes)
        {
            foreach (var claim in user.FindAll(type))
            {
                identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType));
            }
        }
        // RFC 8176: both factors were used: the password and the one-time code.
        identity.SetClaims(Claims.AuthenticationMethodReference, ["pwd", "otp", "mfa"]);
        identity.SetScopes(request.GetScopes());

        var sid = user.FindFirst(KaseyaOneClaims.SessionId)!.Value;
        var subject = user.FindFirst(KaseyaOneClaims.Subject)!.Value;
        if (await moduleUrls.LandingPageForClientAsync(Guid.Parse(user.FindFirst(KaseyaOneClaims.TenantId)!.Value),
                Guid.Parse(subject), request.ClientId!, http.RequestAborted) is { } landingPage)
        {
            identity.SetClaim(KaseyaOneClaims.LandingPage, landingPage);
        }
        var authorizationId = await sessions.AttachClientAsync(sid, request.ClientId!, async () =>
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!)
                              ?? throw new InvalidOperationException("The client vanished during the request.");
            var authorization = await authorizations.CreateAsync(
                new ClaimsPrincipal(identity), subject, (await applications.GetIdAsync(application))!,
                AuthorizationTypes.AdHoc, identity.GetScopes());
            return (await authorizations.GetIdAsync(authorization))!;
        }, http.RequestAborted);
        identity.SetAuthorizationId(authorizationId);
        identity.SetDestinations(DestinationsOf);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Provider);
    }

    /// <summary>
    /// Token endpoint. For codes and refresh tokens the account must still be active, and for refresh
    /// tokens the session still live; OpenIddict has already checked the code, PKCE verifier and client.
    /// </summary>
    private static async Task<IResult> TokenAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()
                      ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            // The client acts for itself: its id is the subject. A plain request never gets here: ClientCredentialsTokens
            // answers it ahead of OpenIddict with the same token, so a change here is a change there
            // (ClientCredentialsTokensTests compares the two answers).
            var identity = NewIdentity();
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static _ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Provider);
        }

        // Resolved only here: a client_credentials token (above) needs neither.
        var accounts = http.RequestServices.GetRequiredService<AccountSignIn>();
        var sessions = http.RequestServices.GetRequiredService<SessionStore>();
        var result = await http.AuthenticateAsync(Provider);
        var principal = result.Principal!;
        var subject = principal.GetClaim(Claims.Subject);
        var account = Guid.TryParse(subject, out var accountId) ? await accounts.ReadAsync(accountId, http.RequestAborted) : null;
        if (account is not { IsActive: true })
        {
            return Refuse(Errors.InvalidGrant, "The KaseyaOne account is no longer active.");
        }
        // SPEC rule 9: no tokens for an ended session, from a refresh token or from a code. Ending a session revokes the
        // authorizations of the apps it signed into, which invalidates their codes; this check also covers a code issued
        // in the very moment its session ended (the end read the session's apps before that authorization joined them),
        // whose tokens its app would never be told had ended.
        if (await sessions.FindLiveAsync(principal.GetClaim(KaseyaOneClaims.SessionId), http.RequestAborted) is null)
        {
            return Refuse(Errors.InvalidGrant, "The KaseyaOne session has ended.");
        }

        // Refresh what may have changed since the code was issued.
        var refreshed = new ClaimsIdentity(principal.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        // SPEC rule 16: email and email_verified are read together, now: an address is verified only once its owner
        // proved it, and a changed address is unverified until proven again (OpenID Connect Core §5.1).
        refreshed.SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(Claims.Email, account.Email)
            .SetClaim(Claims.EmailVerified, account.EmailVerified)
            .SetClaim(Claims.Role, account.Role);
        refreshed.SetDestinations(DestinationsOf);
        return SignInAndStore(new ClaimsPrincipal(refreshed));
    }

    /// <summary>
    /// Hands the principal to OpenIddict, which issues the tokens, stores them (in one write, see TokenWriteBatch)
    /// and writes the response.
    /// </summary>
    private static IResult SignInAndStore(ClaimsPrincipal principal) =>
        Results.SignIn(principal, authenticationScheme: Provider);

    /// <summary>UserInfo endpoint (OpenID Connect Core §5.3): the claims the access token's scopes allow.</summary>
    private static async Task<IResult> UserInfoAsync(HttpContext http, AccountSignIn accounts)
    {
        var principal = (await http.AuthenticateAsync(Provider)).Principal;
        var subject = principal?.GetClaim(Claims.Subject);
        var account = Guid.TryParse(subject, out var accountId) ? await accounts.ReadAsync(accountId, http.RequestAborted) : null;
        if (principal is null || account is not { IsActive: true })
        {
            return Results.Challenge(ErrorProperties(Errors.InvalidToken, "The account behind this token is no longer active."), [Provider]);
        }
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = subject! };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = account.DisplayName;
            claims[Claims.PreferredUsername] = account.UserName;
        }
        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = account.Email;
            claims[Claims.EmailVerified] = account.EmailVerified;
        }
        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = account.Role;
        }
        if (principal.HasScope(KaseyaOneScopes.Tenant))
        {
            claims[KaseyaOneClaims.TenantId] = account.TenantId.ToString();
            claims[KaseyaOneClaims.TenantName] = account.Tenant.Name;
        }
        return Results.Ok(claims);
    }

    /// <summary>
    /// End-session endpoint (RP-Initiated Logout 1.0). OpenIddict has checked the id_token_hint and that the
    /// post_logout_redirect_uri is registered for that client. The KaseyaOne session ends (the browser's, and
    /// the one the id_token_hint names), its clients are told (front- and back-channel), and the browser
    /// continues to the client with its state from the signed-out page.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, SessionLogout logout, IAntiforgery antiforgery)
    {
        var request = http.GetOpenIddictServerRequest()
                      ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var browserSession = await http.AuthenticateAsync(KaseyaOneCookies.Session);
        var hint = await http.AuthenticateAsync(Provider);

        // RP-Initiated Logout 1.0 §2 and §6: any site can send the browser here, so the browser's session ends
        // at once only when the id_token_hint names that very session (its relying party asked); otherwise
        // the user confirms on "Sign out of KaseyaOne?", which posts back here with an anti-forgery token.
        var browserSid = browserSession.Principal?.FindFirst(KaseyaOneClaims.SessionId)?.Value;
        var hintSid = hint.Principal?.GetClaim(KaseyaOneClaims.SessionId);
        if (browserSid is not null && browserSid != hintSid
            && !(HttpMethods.IsPost(http.Request.Method) && await antiforgery.IsRequestValidAsync(http)))
        {
            var parameters = request.GetParameters()
                .Where(p => EndSessionModel.CarriedParameters.Contains(p.Key))
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
            return Results.Redirect(EndSessionModel.Path + QueryString.Create(parameters));
        }

        string? returnTo = null;
        if (!string.IsNullOrEmpty(request.PostLogoutRedirectUri))
        {
            returnTo = string.IsNullOrEmpty(request.State)
                ? request.PostLogoutRedirectUri
                : QueryHelpers.AddQueryString(request.PostLogoutRedirectUri, Parameters.State, request.State);
        }
        var page = await logout.EndAsync(http,
            [browserSession.Principal?.FindFirst(KaseyaOneClaims.SessionId)?.Value, hint.Principal?.GetClaim(KaseyaOneClaims.SessionId)],
            returnTo);
        await http.SignOutAsync(KaseyaOneCookies.Session);
        return Results.LocalRedirect(page);
    }

    private static readonly string[] SessionClaimTypes =
    [
        KaseyaOneClaims.Subject, KaseyaOneClaims.Name, KaseyaOneClaims.PreferredUsername, KaseyaOneClaims.Email, KaseyaOneClaims.Role,
        KaseyaOneClaims.TenantId, KaseyaOneClaims.TenantName, KaseyaOneClaims.SessionId, KaseyaOneClaims.AuthTime,
    ];

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    /// <summary>Which token carries which claim, decided by the scopes the client was granted.</summary>
    private static IEnumerable<string> DestinationsOf(Claim claim)
    {
        var principal = claim.Subject!;
        return claim.Type switch
        {
            Claims.Name or Claims.PreferredUsername when principal.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email or Claims.EmailVerified when principal.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Role when principal.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
            KaseyaOneClaims.TenantId or KaseyaOneClaims.TenantName when principal.HasScope(KaseyaOneScopes.Tenant)
                => [Destinations.AccessToken, Destinations.IdentityToken],
            // The session id and how the user authenticated: in the ID token (Front-Channel Logout 1.0 §3,
            // Core §2), and the sid in the access token too so that APIs can tie a call to its session.
            Claims.AuthenticationMethodReference or Claims.AuthenticationTime => [Destinations.IdentityToken],
            KaseyaOneClaims.SessionId => [Destinations.AccessToken, Destinations.IdentityToken],
            KaseyaOneClaims.LandingPage => [Destinations.IdentityToken],
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [],
        };
    }

    /// <summary>
    /// The authorization request's parameter that names, by <see cref="SessionMark"/>, the session a prompt=login or an
    /// exceeded max_age asked to replace: KaseyaOne adds it to the address the sign-in returns to. A client that sends it
    /// can only ask for the same re-authentication.
    /// </summary>
    private const string ReplacesSession = "k1_replaces";

    /// <summary>A session's mark in an address: a digest of its id, not the id, which addresses would leave in logs and history.</summary>
    private static string SessionMark(string sid) =>
        Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sid)).AsSpan(0, 16).ToArray());

    /// <summary>
    /// OpenID Connect Core §3.1.2.1: more whole seconds than max_age have passed since auth_time; and "max_age=0 is
    /// equivalent to prompt=login", even within the second of the last sign-in.
    /// </summary>
    private static bool MaxAgeExceeded(OpenIddictRequest request, ClaimsPrincipal? user, TimeProvider clock)
    {
        if (request.MaxAge is not { } maxAge)
        {
            return false;
        }
        if (maxAge == 0)
        {
            return true;
        }
        return user?.FindFirst(KaseyaOneClaims.AuthTime)?.Value is { } authTime && long.TryParse(authTime, out var seconds)
               && clock.GetUtcNow().ToUnixTimeSeconds() - seconds > maxAge;
    }

    private static AuthenticationProperties ErrorProperties(string error, string description) =>
        new(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        });

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(ErrorProperties(error, description), [Provider]);
}
