using System.Security.Claims;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// A BMS session that comes from a KaseyaOne session (SPEC rules 9 and 14): bound to the ID token's <c>sid</c> and
/// <c>iss</c>, so a logout at KaseyaOne ends it; carrying the ID token, so a logout of BMS ends KaseyaOne's; ending
/// no later than KaseyaOne's session. Started by a KaseyaOne sign-in, and by an Enable that signed in to KaseyaOne afresh.
/// </summary>
public sealed class KaseyaOneBmsSession(BmsSignIn bmsSignIn, IOptions<KaseyaOneOptions> options)
{
    /// <summary>A new session (new id) for <paramref name="user"/>; the browser's previous BMS session, if any, ends.</summary>
    public Task StartAsync(HttpContext http, BmsUser user, KaseyaOneReturn back) =>
        bmsSignIn.CompleteAsync(http, user, SignInMethods.KaseyaOne,
            new KaseyaOneSessionOrigin(back.Account.SessionId, back.Account.Subject, AuthTime(back.Principal)),
        [
            new Claim(KaseyaOneSessionClaims.SessionId, back.Account.SessionId ?? ""),
            new Claim(KaseyaOneSessionClaims.Issuer, back.Principal.FindFirst("iss")?.Value ?? options.Value.Issuer),
            new Claim(KaseyaOneSessionClaims.IdToken, back.IdToken ?? ""),
            // For KaseyaOne's launcher API (this user's launcher only); kept in the protected session cookie.
            new Claim(KaseyaOneLauncher.AccessTokenClaim, back.AccessToken ?? ""),
        ]);

    /// <summary>The ID token's auth_time (OpenID Connect Core §2), which bounds the BMS session's lifetime.</summary>
    private static DateTimeOffset? AuthTime(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst("auth_time")?.Value, out var seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
