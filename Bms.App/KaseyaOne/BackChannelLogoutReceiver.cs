using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// Logout sent by KaseyaOne when its session ends (SPEC rule 9). Both paths end every BMS session that
/// came from that KaseyaOne session server-side, so the cookie the browser holds stops working at its
/// next request, whether or not the browser sent it along.
/// </summary>
public sealed class BackChannelLogoutReceiver(
    BmsSessionStore sessions,
    BmsDbContext db,
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    IOptions<KaseyaOneOptions> options,
    TimeProvider clock,
    ILogger<BackChannelLogoutReceiver> logger)
{
    private const string BackChannelEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>
    /// Front-Channel Logout 1.0 §3: KaseyaOne's signed-out page frames this URL with iss and sid. Only
    /// KaseyaOne may frame it (frame-ancestors), and only KaseyaOne's issuer is accepted.
    /// </summary>
    public async Task<IResult> FrontChannelAsync(HttpContext http, string? iss, string? sid)
    {
        var authority = new Uri(options.Value.Issuer).GetLeftPart(UriPartial.Authority);
        http.Response.Headers.ContentSecurityPolicy = $"default-src 'none'; frame-ancestors {authority}";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        if (!options.Value.IsIssuer(iss) || string.IsNullOrEmpty(sid) || sid.Length > 200)
        {
            logger.LogWarning("Front-channel logout refused: issuer {Issuer} or sid missing", iss);
            return Results.BadRequest();
        }
        await sessions.EndByKaseyaOneSidAsync(sid, http.RequestAborted);
        // The browser's own cookie goes too when it belongs to that KaseyaOne session.
        var current = await http.AuthenticateAsync(BmsCookies.Session);
        if (current.Principal?.FindFirst(KaseyaOneSessionClaims.SessionId)?.Value == sid)
        {
            await http.SignOutAsync(BmsCookies.Session);
        }
        return Results.Content("<!DOCTYPE html><title>Signed out</title><p>Signed out of BMS.</p>", "text/html");
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.6: validates the logout token (signature through KaseyaOne's JWKS, iss,
    /// aud, iat/exp window, typ logout+jwt, the logout event, no nonce, sid or sub, a jti never seen) and
    /// answers 400 without ending anything when one check fails; 503, ending nothing either, while KaseyaOne's keys
    /// cannot be read to check a token that is a JWT.
    /// </summary>
    public async Task<IResult> BackChannelAsync(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        var ct = http.RequestAborted;
        string? logoutToken = null;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            logoutToken = form["logout_token"].ToString();
        }
        if (string.IsNullOrEmpty(logoutToken) || logoutToken.Length > 16_000)
        {
            return Refuse("The logout_token is missing.");
        }

        // Its shape first, which needs nothing from KaseyaOne: a logout_token that is no JWT is the protocol's 400
        // (Back-Channel Logout 1.0 §2.8) whether or not KaseyaOne's keys can be had just now.
        var handler = new JsonWebTokenHandler();
        if (!IsJwt(handler, logoutToken))
        {
            return Refuse("The logout token is not a JWT.");
        }
        var oidcOptions = oidc.Get(KaseyaOneSetup.Scheme);
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await oidcOptions.ConfigurationManager!.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException e)
        {
            // IdentityModel's answer to any discovery document or key set it could not fetch or read (IDX20803): KaseyaOne
            // down, refusing, or answering garbage. The token may be genuine and cannot be checked just now, so it is
            // neither acted on nor refused for good (a 400, Back-Channel Logout 1.0 §2.8, which KaseyaOne's outbox never
            // sends again): a 503 makes the outbox retry it later, and nothing is stored, not even its jti.
            logger.LogWarning(e, "Back-channel logout not checked: KaseyaOne's discovery document could not be read from {Authority}; KaseyaOne is asked to send it again",
                oidcOptions.Authority);
            return Results.Json(new { error = "temporarily_unavailable", error_description = "KaseyaOne's signing keys cannot be read just now." },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var result = await handler.ValidateTokenAsync(logoutToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.Value.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            TypeValidator = (type, _, _) => IsLogoutTokenType(type)
                ? type
                : throw new SecurityTokenInvalidTypeException($"The token's typ is '{type}', not logout+jwt.") { InvalidType = type },
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, _) => WithinWindow(notBefore, expires),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return Refuse("The logout token is not valid: " + result.Exception?.GetType().Name);
        }
        // §2.4: events holds the logout event as a member whose value is a JSON object (the empty one).
        if (!token.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(BackChannelEvent, out var logoutEvent) || logoutEvent.ValueKind != JsonValueKind.Object)
        {
            return Refuse("The logout token has no back-channel logout event.");
        }
        if (token.TryGetClaim("nonce", out _))
        {
            return Refuse("A logout token must not carry a nonce.");
        }
        if (!token.TryGetPayloadValue<long>("iat", out var issuedAt)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - issuedAt) > 300)
        {
            return Refuse("The logout token was not issued just now.");
        }
        var sid = token.TryGetClaim("sid", out var sidClaim) ? sidClaim.Value : null;
        var sub = token.Subject;
        if (string.IsNullOrEmpty(sid) && string.IsNullOrEmpty(sub))
        {
            return Refuse("The logout token names neither a session nor a subject.");
        }
        if (string.IsNullOrEmpty(token.Id) || token.Id.Length > 200)
        {
            return Refuse("The logout token has no jti.");
        }
        // Back-Channel Logout 1.0 §2.6 step 8: a jti seen before is refused. A token is accepted only while its iat is
        // within five minutes of now (above), so after ten minutes a replay fails that check anyway: the jti can go.
        db.Set<SeenLogoutToken>().Add(new SeenLogoutToken
        {
            Jti = token.Id,
            SeenAt = clock.GetUtcNow(),
            ForgetAfter = clock.GetUtcNow() + TimeSpan.FromMinutes(15),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Refuse("This logout token was already used.");
        }

        if (!string.IsNullOrEmpty(sid))
        {
            var ended = await sessions.EndByKaseyaOneSidAsync(sid, ct);
            logger.LogInformation("Back-channel logout for KaseyaOne session {Sid}: {Count} BMS session(s) ended", sid, ended);
        }
        else
        {
            // No sid (§2.4): the account ended everywhere, so every BMS session that came from it ends.
            var ended = await sessions.EndByKaseyaOneSubjectAsync(sub, ct);
            logger.LogInformation("Back-channel logout for every session of KaseyaOne account {Subject}: {Count} BMS session(s) ended", sub, ended);
        }
        return Results.Ok();
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.4: the logout token is a signed JWT, so a compact JWS (RFC 7515 §7.1) whose header and
    /// payload are base64url JSON. An encrypted one (five parts) is read as far as its header and left to the full check.
    /// </summary>
    private static bool IsJwt(JsonWebTokenHandler handler, string token)
    {
        if (!handler.CanReadToken(token))
        {
            return false;
        }
        try
        {
            _ = handler.ReadJsonWebToken(token);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Back-Channel Logout 1.0 §2.4: typ logout+jwt. RFC 7515 §4.1.9: typ is a media type, compared without regard to
    /// case, whose "application/" prefix may be left off; "application/logout+jwt" is the same type.
    /// </summary>
    private static bool IsLogoutTokenType(string? type)
    {
        const string Application = "application/";
        var subtype = type is not null && type.StartsWith(Application, StringComparison.OrdinalIgnoreCase) ? type[Application.Length..] : type;
        return string.Equals(subtype, "logout+jwt", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// On BMS's clock, with two minutes' skew. Back-Channel Logout 1.0 §2.4: exp is required (a token without one is
    /// refused, as is an ID token without one, §2.6 step 3); nbf is optional.
    /// </summary>
    private bool WithinWindow(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore <= now.AddMinutes(2)) && expires is not null && expires >= now.AddMinutes(-2);
    }

    private IResult Refuse(string why)
    {
        logger.LogWarning("Back-channel logout refused: {Reason}", why);
        return Results.BadRequest(new { error = "invalid_request", error_description = why });
    }
}
