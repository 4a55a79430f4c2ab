using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// SPEC rule 5, slider to the left: a brief pass through KaseyaOne (prompt=none, no page shown) and back; BMS then
/// disconnects the tenant. Disconnecting never depends on how that pass ended: BMS removes the link with its own
/// client credentials, so a KaseyaOne that says "no session" still forgets it.
/// </summary>
public sealed class DisableTenantJourney(TenantConnection connection, RoundTripStarter starter) : IKaseyaOneJourney
{
    public const string CompletePath = "/kaseyaone/tenant/disable/complete";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(CompletePath, async (HttpContext http, DisableTenantJourney journey) =>
            await KaseyaOneRoundTrip.CompleteAsync(http, CompletePath) is { } back
                ? await journey.DisconnectAsync(http, back.State)
                : Results.Redirect(KaseyaOneMessages.ExpiredLoginPage));

    /// <summary>The challenge the integration page sends the admin on with.</summary>
    public static Microsoft.AspNetCore.Authentication.AuthenticationProperties Start(System.Security.Claims.ClaimsPrincipal admin) =>
        KaseyaOneRoundTrip.Start(CompletePath, new KaseyaOneJourneyState(admin.TenantId(), admin.UserId()), prompt: "none");

    public Task<IResult> FailedAsync(HttpContext http, KaseyaOneReturn.Failure failure) => DisconnectAsync(http, failure.State);

    private async Task<IResult> DisconnectAsync(HttpContext http, KaseyaOneJourneyState state)
    {
        if (await starter.FindAsync(http, state, mustBeAdmin: true) is not { } admin)
        {
            return Results.Forbid();
        }
        (await connection.DisconnectAsync(admin, http.User.FindFirst(BmsClaims.SessionId)?.Value, http.RequestAborted) switch
        {
            TenantDisconnectOutcome.Disconnected => KaseyaOneNotice.Done(KaseyaOneMessages.Success),
            TenantDisconnectOutcome.DisconnectedHereOnly => KaseyaOneNotice.Done(KaseyaOneMessages.Success, KaseyaOneMessages.TenantUnlinkNotConfirmed),
            _ => KaseyaOneNotice.Refused(KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable)),
        }).ShowNext(http);
        return Results.LocalRedirect(IntegrationModel.PagePath);
    }
}
