using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using SsoSuite.Shared.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// Answers the plainest token request, a confidential client asking for a token for itself (RFC 6749 §4.4), ahead of
/// routing and OpenIddict's pipeline. Such a request needs no user, session, store write or authorization: only the
/// client's authentication, its permissions, and one signed JWT. Through OpenIddict it costs about a dozen events of
/// its handler chain and the request's scoped services, most of the CPU a token takes.
/// <para>
/// It answers only a request it fully understands and that OpenIddict would grant, and issues the very token
/// OpenIddict would (the same claims, header and ES256 key; <c>ClientCredentialsTokensTests</c> compares the two).
/// Everything else goes on, untouched, to OpenIddict, which gives every refusal its protocol error: another grant,
/// any parameter beyond <c>grant_type</c> and <c>scope</c>, credentials in the body or anything unusual in the Basic
/// header, an unknown client, a wrong secret, a missing permission, <c>openid</c> or <c>offline_access</c> (which make
/// OpenIddict add an identity or refresh token), a scope not registered, a client with per-client settings.
/// </para>
/// </summary>
public sealed class ClientCredentialsTokens(
    RequestDelegate next,
    IOptionsMonitor<OpenIddictServerOptions> server,
    IOptionsMonitor<OpenIddictServerAspNetCoreOptions> aspnet,
    TokenMetrics metrics)
{
    private const string AccessTokenType = "at+jwt";
    private static readonly JsonWebTokenHandler Tokens = new();
    private static readonly Dictionary<string, object> Header = new(StringComparer.Ordinal) { [JwtHeaderParameterNames.Typ] = AccessTokenType };

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method)
            || !http.Request.Path.Equals(OidcEndpoints.TokenPath, StringComparison.Ordinal)
            // Only the body OpenIddict takes (and WellFormedRequests has checked): not multipart, say.
            || !WellFormedRequests.IsUrlEncodedForm(http.Request)
            || await GrantableAsync(http) is not { } grant)
        {
            await next(http);
            return;
        }

        var options = server.CurrentValue;
        var now = options.TimeProvider!.GetUtcNow();
        var lifetime = options.AccessTokenLifetime!.Value;
        var token = Tokens.CreateToken(Payload(grant, now, now + lifetime), ProviderKeys.Published(options), Header);
        metrics.Issued("access_token");
        // The route the request would have had: dashboards of request durations by route still see the token endpoint.
        http.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new("http.route", OidcEndpoints.TokenPath));
        Activity.Current?.SetTag("http.route", OidcEndpoints.TokenPath);
        // RFC 6749 §5.1: the lifetime in seconds, rounded as OpenIddict rounds it.
        await AnswerAsync(http.Response, token, (long)(lifetime.TotalSeconds + .5));
    }

    /// <summary>What the request asks, when it is a client_credentials request OpenIddict would grant as it is.</summary>
    private async Task<Grant?> GrantableAsync(HttpContext http)
    {
        var options = server.CurrentValue;
        // OpenIddict refuses a token request over plain http unless the issuer is http (OidcSetup); so does this, by
        // leaving it to OpenIddict. So is a request with a TLS client certificate (another way to authenticate), and
        // any setting under which OpenIddict would issue another kind of token than the one made here.
        if ((!http.Request.IsHttps && !aspnet.CurrentValue.DisableTransportSecurityRequirement)
            || http.Connection.ClientCertificate is not null
            || !IssuesThisToken(options))
        {
            return null;
        }

        // The form first: it tells a code or refresh token redemption, which goes on, before any header is decoded. It
        // was checked and buffered by WellFormedRequests, and OpenIddict reads the same parsed copy.
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var scopes = Array.Empty<string>();
        foreach (var (name, values) in form)
        {
            if (values.Count != 1)
            {
                return null;
            }
            switch (name)
            {
                case Parameters.GrantType when values[0] == GrantTypes.ClientCredentials:
                    continue;
                case Parameters.Scope when ScopesOf(values[0], options) is { } asked:
                    scopes = asked;
                    continue;
                default:
                    return null;
            }
        }
        if (!form.ContainsKey(Parameters.GrantType)
            || IssuerOf(options, http.Request) is not { } issuer
            || Basic(http.Request.Headers.Authorization) is not ({ } clientId, { } secret))
        {
            return null;
        }

        // The client: cached by ClientSecretHasher, re-read when another instance changed it (StoreGenerations).
        var applications = http.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        var ct = http.RequestAborted;
        // The secret first, as OpenIddict checks it: nobody learns a client's permissions without it.
        if (await applications.FindByClientIdAsync(clientId, ct) is not { } application
            || !await applications.HasClientTypeAsync(application, ClientTypes.Confidential, ct)
            || !await applications.ValidateClientSecretAsync(application, secret, ct)
            || !(await applications.GetSettingsAsync(application, ct)).IsEmpty
            || !await applications.HasPermissionAsync(application, Permissions.Endpoints.Token, ct)
            || !await applications.HasPermissionAsync(application, Permissions.GrantTypes.ClientCredentials, ct))
        {
            return null;
        }
        foreach (var scope in scopes)
        {
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, ct))
            {
                return null;
            }
        }
        return new Grant(clientId, scopes, issuer);
    }

    private sealed record Grant(string ClientId, string[] Scopes, string Issuer);

    /// <summary>
    /// The settings (OidcSetup) under which OpenIddict answers this request with exactly the token made here: a signed,
    /// unencrypted JWT access token with a lifetime, for a client authenticated with client_secret_basic at this path.
    /// </summary>
    private static bool IssuesThisToken(OpenIddictServerOptions options) =>
        options.DisableAccessTokenEncryption && !options.UseReferenceAccessTokens && !options.EnableDegradedMode
        && options.AccessTokenLifetime is not null && options.TimeProvider is not null
        && options.GrantTypes.Contains(GrantTypes.ClientCredentials)
        && options.ClientAuthenticationMethods.Contains(ClientAuthenticationMethods.ClientSecretBasic)
        && options.TokenEndpointUris.Exists(static uri => !uri.IsAbsoluteUri && uri.OriginalString == TokenEndpointUri);

    /// <summary>The token endpoint as OidcSetup registers it with OpenIddict, relative to the issuer.</summary>
    private static readonly string TokenEndpointUri = OidcEndpoints.TokenPath.TrimStart('/');

    /// <summary>
    /// RFC 6749 §2.3.1: the client id and secret, form-encoded, in an HTTP Basic header. A header with anything to
    /// decode ('%' or '+') is left to OpenIddict rather than decoded a second way here.
    /// </summary>
    private static (string ClientId, string Secret)? Basic(string? header)
    {
        const string Scheme = "Basic ";
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var encoded = header.AsSpan(Scheme.Length).Trim();
        var bytes = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            // OpenIddict reads the decoded credentials as ASCII; anything else is left to it.
            if (!Convert.TryFromBase64Chars(encoded, bytes, out var length) || !Ascii.IsValid(bytes.AsSpan(0, length)))
            {
                return null;
            }
            var text = Encoding.ASCII.GetString(bytes, 0, length);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && colon < text.Length - 1 && text.AsSpan().IndexOfAny('%', '+') < 0
                ? (text[..colon], text[(colon + 1)..])
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// RFC 6749 §3.3: space-delimited scopes. Each must be registered; openid and offline_access are left to OpenIddict
    /// (they add an identity or refresh token), as are empty or repeated entries.
    /// </summary>
    private static string[]? ScopesOf(string? value, OpenIddictServerOptions options)
    {
        var scopes = (value ?? "").Split(' ');
        for (var i = 0; i < scopes.Length; i++)
        {
            var scope = scopes[i];
            if (scope.Length == 0 || scope is Scopes.OpenId or Scopes.OfflineAccess || !options.Scopes.Contains(scope)
                || Array.IndexOf(scopes, scope, 0, i) >= 0)
            {
                return null;
            }
        }
        return scopes;
    }

    /// <summary>
    /// The issuer OpenIddict states: the configured one, else the request's scheme, host and path base as a URI (so a
    /// host in capitals is stated in lower case). A request without a host, or with one that makes no URI, is OpenIddict's
    /// to refuse.
    /// </summary>
    private static string? IssuerOf(OpenIddictServerOptions options, HttpRequest request) =>
        options.Issuer is { } configured ? configured.AbsoluteUri
        : request.Host.HasValue
          && Uri.TryCreate(request.Scheme + Uri.SchemeDelimiter + request.Host + request.PathBase, UriKind.Absolute, out var inferred)
          && inferred.IsWellFormedOriginalString()
            ? inferred.AbsoluteUri
            : null;

    /// <summary>The claims OpenIddict puts in a client's own access token, in its order: the client is the subject.</summary>
    private static string Payload(Grant grant, DateTimeOffset now, DateTimeOffset expires)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(JwtRegisteredClaimNames.Iss, grant.Issuer);
            json.WriteNumber(JwtRegisteredClaimNames.Exp, expires.ToUnixTimeSeconds());
            json.WriteNumber(JwtRegisteredClaimNames.Iat, now.ToUnixTimeSeconds());
            if (grant.Scopes.Length > 0)
            {
                json.WriteString(Claims.Scope, string.Join(' ', grant.Scopes));
            }
            json.WriteString(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString());
            json.WriteString(Claims.Subject, grant.ClientId);
            json.WriteString(Claims.Private.Presenter, grant.ClientId);
            json.WriteString(Claims.ClientId, grant.ClientId);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 6749 §5.1: the token as JSON, never cached.</summary>
    private static async Task AnswerAsync(HttpResponse response, string token, long expiresIn)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        response.ContentType = "application/json;charset=UTF-8";
        var buffer = new ArrayBufferWriter<byte>(token.Length + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(Parameters.AccessToken, token);
            json.WriteString(Parameters.TokenType, TokenTypes.Bearer);
            json.WriteNumber(Parameters.ExpiresIn, expiresIn);
            json.WriteEndObject();
        }
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }
}
