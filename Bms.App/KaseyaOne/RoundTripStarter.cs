using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>The user who started a round trip, back at BMS, and how their BMS session stands.</summary>
/// <param name="SignedIn">This browser's BMS session is still theirs, and live.</param>
/// <param name="KaseyaOneSessionReplaced">
/// Their BMS session came from a KaseyaOne session, which the round trip's fresh sign-in (prompt=login) replaced: that
/// BMS session has ended, or ends when KaseyaOne's logout delivery naming the old sid arrives (SPEC rule 9).
/// </param>
public sealed record ReturningUser(BmsUser User, bool SignedIn, bool KaseyaOneSessionReplaced);

/// <summary>
/// The signed-in BMS user behind a round trip. A journey that changes a tenant or a user completes only for the
/// user who started it, in the same tenant (and still an admin where it takes one): KaseyaOne's answer alone, which
/// anyone could bring back to this browser, changes nothing.
/// </summary>
public sealed class RoundTripStarter(UserSignIn users, BmsSessionStore sessions)
{
    /// <summary>The user of this browser's BMS session, with their tenant; null when nobody is signed in.</summary>
    public async Task<BmsUser?> CurrentAsync(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && Guid.TryParse(http.User.FindFirst(BmsClaims.Subject)?.Value, out var id)
            ? await users.FindAsync(id, http.RequestAborted)
            : null;

    public async Task<BmsUser?> FindAsync(HttpContext http, KaseyaOneJourneyState state, bool mustBeAdmin) =>
        await CurrentAsync(http) is { } user && user.Id == state.UserId && user.TenantId == state.TenantId
        && (user.IsAdmin || !mustBeAdmin)
            ? user
            : null;

    /// <summary>
    /// The user who started a round trip that signs in to KaseyaOne afresh (prompt=login), back at BMS: signed in here
    /// (<see cref="FindAsync"/>), or whose BMS session signed in through KaseyaOne was ended by that very sign-in
    /// (<see cref="FindAfterItsKaseyaOneSessionEndedAsync"/>); in either case the same user, in the same tenant, as the
    /// round trip's protected state names, and still an admin where <paramref name="mustBeAdmin"/>. Null for anyone else.
    /// Both journeys that sign in afresh (Enable Login with KaseyaOne, and the integration's slider to the right) use it.
    /// </summary>
    public async Task<ReturningUser?> FindReturningAsync(HttpContext http, KaseyaOneReturn back, bool mustBeAdmin)
    {
        if (await FindAsync(http, back.State, mustBeAdmin) is { } signedIn)
        {
            return new ReturningUser(signedIn, SignedIn: true,
                KaseyaOneSessionReplaced: http.User.FindFirst(BmsClaims.SignInMethod)?.Value == SignInMethods.KaseyaOne);
        }
        return await FindAfterItsKaseyaOneSessionEndedAsync(http, back.State, back.Account.SessionId) is { } user && (user.IsAdmin || !mustBeAdmin)
            ? new ReturningUser(user, SignedIn: false, KaseyaOneSessionReplaced: true)
            : null;
    }

    /// <summary>
    /// The user who started the round trip from a BMS session signed in through KaseyaOne that has ended since (the
    /// session named in the round trip's protected state, not by the browser): KaseyaOne ends the session it came from
    /// when the round trip signs in afresh (SPEC rule 9), before the browser is back. Only when KaseyaOne's session did
    /// change (<paramref name="kaseyaOneSid"/>, the returned ID token's, is not the one the BMS session was bound to): a
    /// BMS session that ended for another reason (a logout in another tab) while its KaseyaOne session stayed live is
    /// not brought back by a code from that same session. Null for any other session.
    /// </summary>
    public async Task<BmsUser?> FindAfterItsKaseyaOneSessionEndedAsync(HttpContext http, KaseyaOneJourneyState state, string? kaseyaOneSid)
    {
        var ct = http.RequestAborted;
        return await sessions.FindAsync(state.SessionId, ct) is { SignInMethod: SignInMethods.KaseyaOne, KaseyaOneSid: { } boundTo } started
               && kaseyaOneSid is not null && !string.Equals(boundTo, kaseyaOneSid, StringComparison.Ordinal)
               && started.UserId == state.UserId
               && await sessions.FindLiveAsync(started.Id, ct) is null
               && await users.FindAsync(started.UserId, ct) is { } user && user.TenantId == state.TenantId
            ? user
            : null;
    }
}
