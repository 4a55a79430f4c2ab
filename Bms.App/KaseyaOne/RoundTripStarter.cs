using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// The signed-in BMS user behind a round trip. A journey that changes a tenant or a user completes only for the
/// user who started it, in the same tenant (and still an admin where it takes one): KaseyaOne's answer alone, which
/// anyone could bring back to this browser, changes nothing.
/// </summary>
public sealed class RoundTripStarter(UserSignIn users)
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
}
