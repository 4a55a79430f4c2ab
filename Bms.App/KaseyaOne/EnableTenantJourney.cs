using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// SPEC rule 5, slider to the right: the admin signs in at KaseyaOne (credentials and code, whatever session KaseyaOne
/// has), and back in BMS the tenant is connected to that account's K1 tenant, with the admin's own user link.
/// </summary>
public sealed class EnableTenantJourney(
    TenantConnection connection, RoundTripStarter starter, AuditLog audit, IOptions<KaseyaOneOptions> options) : IKaseyaOneJourney
{
    public const string CompletePath = "/kaseyaone/tenant/enable/complete";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(CompletePath, (HttpContext http, EnableTenantJourney journey) => journey.CompleteAsync(http));

    /// <summary>The challenge the integration page sends the admin on with.</summary>
    public static Microsoft.AspNetCore.Authentication.AuthenticationProperties Start(System.Security.Claims.ClaimsPrincipal admin) =>
        KaseyaOneRoundTrip.Start(CompletePath, new KaseyaOneJourneyState(admin.TenantId(), admin.UserId()), prompt: "login");

    public async Task<IResult> CompleteAsync(HttpContext http)
    {
        if (await KaseyaOneRoundTrip.CompleteAsync(http, CompletePath) is not { } back)
        {
            return Results.Redirect(KaseyaOneMessages.ExpiredLoginPage);
        }
        // Only the admin who started it, still an admin of the same tenant, completes it.
        if (await starter.FindAsync(http, back.State, mustBeAdmin: true) is not { } admin)
        {
            return Results.Forbid();
        }
        var outcome = await connection.ConnectAsync(admin, back.Account, back.AccessToken, options.Value.PublicBaseUrl(http.Request), http.RequestAborted);
        (outcome.Succeeded
            ? // The success line stays exactly the seed's words; why the admin's own user was not linked goes on its own line.
            KaseyaOneNotice.Done(KaseyaOneMessages.Success, outcome.OwnUserLinked ? null : KaseyaOneMessages.OwnUserNotLinked)
            : KaseyaOneNotice.Refused(outcome.Refusal!)).ShowNext(http);
        return Results.LocalRedirect(IntegrationModel.PagePath);
    }

    public async Task<IResult> FailedAsync(HttpContext http, KaseyaOneReturn.Failure failure)
    {
        if (failure.State.TenantId is { } tenantId)
        {
            await audit.RecordAsync(tenantId, null, KaseyaOneAudit.Enable, AuditOutcomes.Refused, failure.Detail, http.RequestAborted);
        }
        KaseyaOneNotice.Refused(KaseyaOneMessages.Text(failure.Refusal)).ShowNext(http);
        return Results.LocalRedirect(IntegrationModel.PagePath);
    }
}
