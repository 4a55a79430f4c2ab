using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

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
