using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// SPEC rule 5, slider to the right: the admin signs in at KaseyaOne (credentials and code, whatever session KaseyaOne
/// has), and back in BMS the tenant is connected to that account's K1 tenant, with the admin's own user link. An admin
/// signed in to BMS through KaseyaOne (who turned the slider off, keeping their session, and now on again) comes back
/// with their BMS session ended by that fresh sign-in, as in <see cref="LinkUserJourney"/>, and is handled the same way.
/// </summary>
public sealed class EnableTenantJourney(
    TenantConnection connection, UserLinking links, RoundTripStarter starter, KaseyaOneBmsSession sessions, AuditLog audit,
    IOptions<KaseyaOneOptions> options) : IKaseyaOneJourney
{
    public const string CompletePath = "/kaseyaone/tenant/enable/complete";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(CompletePath, (HttpContext http, EnableTenantJourney journey) => journey.CompleteAsync(http));

    /// <summary>The challenge the integration page sends the admin on with.</summary>
    public static Microsoft.AspNetCore.Authentication.AuthenticationProperties Start(System.Security.Claims.ClaimsPrincipal admin) =>
        KaseyaOneRoundTrip.Start(CompletePath,
            new KaseyaOneJourneyState(admin.TenantId(), admin.UserId(), SessionId: admin.FindFirst(BmsClaims.SessionId)?.Value), prompt: "login");

    public async Task<IResult> CompleteAsync(HttpContext http)
    {
        if (await KaseyaOneRoundTrip.CompleteAsync(http, CompletePath) is not { } back)
        {
            return Results.Redirect(KaseyaOneMessages.ExpiredLoginPage);
        }
        // Only the admin who started it, still an admin of the same tenant, completes it: signed in here, or signed out
        // by this round trip's own fresh sign-in at KaseyaOne (SPEC rule 9), which RoundTripStarter tells apart from any
        // other end of the admin's session.
        if (await starter.FindReturningAsync(http, back, mustBeAdmin: true) is not { } returning)
        {
            return Results.Forbid();
        }
        var admin = returning.User;
        // A live session is an active user's; an admin found through the session this round trip ended is checked here, as
        // a deactivation may have come in meanwhile (SPEC rule 4): nothing is connected for them.
        if (!admin.IsActive)
        {
            return Results.Redirect(KaseyaOneMessages.LoginPage(KaseyaOneRefusal.BmsUserInactive));
        }
        var outcome = await connection.ConnectAsync(admin, back.Account, back.AccessToken, options.Value.PublicBaseUrl(http.Request), http.RequestAborted);
        // The success line stays exactly the seed's words; why the admin's own user was not linked goes on its own line.
        var notice = outcome.Succeeded
            ? KaseyaOneNotice.Done(KaseyaOneMessages.Success, outcome.OwnUserLinked ? null : KaseyaOneMessages.OwnUserNotLinked)
            : KaseyaOneNotice.Refused(outcome.Refusal!);
        if (returning.KaseyaOneSessionReplaced)
        {
            // The admin's BMS session came from the KaseyaOne session this round trip replaced. The new one signs the admin
            // in only when Log in with KaseyaOne with this account would let them in (rules 2-4, 6, 16): connecting the
            // tenant needs a KaseyaOne admin of any tenant, not this BMS admin's own account with a verified email.
            var refusal = outcome.Succeeded ? await links.SignInRefusalAsync(admin, back.Account, http.RequestAborted) : null;
            if (outcome.Succeeded && refusal is null)
            {
                await sessions.StartAfterFreshSignInAsync(http, admin, back, "to enable the KaseyaOne integration");
            }
            else if (!returning.SignedIn)
            {
                // No session is made. The admin, signed out, reads on the login page what became of the connection (the
                // refusal's own words, rule 2's included) and, when it was made, why KaseyaOne does not sign them in.
                (refusal is { } notSignedIn ? KaseyaOneNotice.Done(KaseyaOneMessages.Success, KaseyaOneMessages.Text(notSignedIn)) : notice)
                    .ShowNext(http);
                return Results.LocalRedirect("/Accounts/Login");
            }
        }
        notice.ShowNext(http);
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
