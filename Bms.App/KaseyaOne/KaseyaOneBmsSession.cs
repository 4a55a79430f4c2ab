using System.Security.Claims;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// A BMS session that comes from a KaseyaOne session (SPEC rules 9 and 14): bound to the ID token's <c>sid</c> and
/// <c>iss</c>, so a logout at KaseyaOne ends it; carrying the ID token, so a logout of BMS ends KaseyaOne's; ending
/// no later than KaseyaOne's session. Started by a KaseyaOne sign-in, and by an Enable that signed in to KaseyaOne afresh.
/// </summary>
public sealed class KaseyaOneBmsSession(BmsSignIn bmsSignIn, AuditLog audit, IOptions<KaseyaOneOptions> options)
{
    /// <summary>
    /// SPEC rules 5, 6 and 9. A journey that asked KaseyaOne for a fresh sign-in (prompt=login: password and code)
    /// replaced this browser's KaseyaOne session, and KaseyaOne tells BMS of every end of a session: the BMS session
    /// <paramref name="user"/> signed in through KaseyaOne is ended, or will be when the delivery naming the old sid
    /// arrives. So the user's BMS session now comes from the new KaseyaOne session: a new one, bound to the new ID token's
    /// sid and iss and carrying it as id_token_hint, so a logout on either side still ends both; the late delivery then
    /// names only the session that ended here. The caller has established that the returned account is one Log in with
    /// KaseyaOne would let in as <paramref name="user"/>. Session fixation: the session gets a new id and the browser's
    /// previous one ends, so no id held or planted before becomes signed in.
    /// </summary>
    public async Task StartAfterFreshSignInAsync(HttpContext http, BmsUser user, KaseyaOneReturn back, string purpose)
    {
        await StartAsync(http, user, back);
        await audit.RecordAsync(user.TenantId, user.Id, KaseyaOneAudit.SignIn, AuditOutcomes.Succeeded,
            $"KaseyaOne account {back.Account.Email}, signed in afresh {purpose}", http.RequestAborted);
    }

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
