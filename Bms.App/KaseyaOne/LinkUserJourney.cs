using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// SPEC rule 6, My Settings: <em>Enable Login with KaseyaOne</em> round-trips through KaseyaOne (credentials and code)
/// and comes back to the BMS home page with the user linked; <em>Disable Login with KaseyaOne</em> removes the link.
/// </summary>
public sealed class LinkUserJourney(
    UserLinking links, RoundTripStarter starter, KaseyaOneBmsSession sessions, AuditLog audit, IOptions<KaseyaOneOptions> options)
    : IKaseyaOneJourney
{
    public const string CompletePath = "/kaseyaone/user-link/complete";
    public const string LinkPath = "/kaseyaone/link";
    public const string UnlinkPath = "/kaseyaone/unlink";
    private const string SettingsPage = "/Accounts/Settings";

    public static void Map(IEndpointRouteBuilder app)
    {
        // Posts from My Settings, with anti-forgery: a link or unlink is never triggered by another site.
        app.MapPost(LinkPath, async (HttpContext http, LinkUserJourney journey, IAntiforgery antiforgery) =>
                await antiforgery.IsRequestValidAsync(http) ? await journey.StartAsync(http) : Results.BadRequest())
            .RequireAuthorization();
        app.MapPost(UnlinkPath, async (HttpContext http, LinkUserJourney journey, IAntiforgery antiforgery) =>
                await antiforgery.IsRequestValidAsync(http) ? await journey.UnlinkAsync(http) : Results.BadRequest())
            .RequireAuthorization();
        app.MapGet(CompletePath, (HttpContext http, LinkUserJourney journey) => journey.CompleteAsync(http));
    }

    public async Task<IResult> StartAsync(HttpContext http)
    {
        if (await starter.CurrentAsync(http) is not { } user)
        {
            return Results.Forbid();
        }
        if (await links.IsLinkedAsync(user, http.RequestAborted))
        {
            // Enable from a page opened before the link was made (another tab): the user already has what they ask for,
            // and a round trip could only meet their own link.
            return BackTo(http, SettingsPage, KaseyaOneNotice.Done(KaseyaOneMessages.UserLinked));
        }
        if (await links.RefusalBeforeLinkingAsync(user, http.RequestAborted) is { } refusal)
        {
            return BackTo(http, SettingsPage, KaseyaOneNotice.Refused(KaseyaOneMessages.Text(refusal)));
        }
        if (!await KaseyaOneReachability.AnswersAsync(http))
        {
            return BackTo(http, SettingsPage, KaseyaOneNotice.Refused(KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable)));
        }
        var state = new KaseyaOneJourneyState(user.TenantId, user.Id, SessionId: http.User.FindFirst(BmsClaims.SessionId)?.Value);
        return Results.Challenge(KaseyaOneRoundTrip.Start(CompletePath, state, prompt: "login"), [KaseyaOneSetup.Scheme]);
    }

    public async Task<IResult> CompleteAsync(HttpContext http)
    {
        if (await KaseyaOneRoundTrip.CompleteAsync(http, CompletePath) is not { } back)
        {
            return Results.Redirect(KaseyaOneMessages.ExpiredLoginPage);
        }
        if (await starter.FindReturningAsync(http, back, mustBeAdmin: false) is not { } returning)
        {
            return Results.Forbid();
        }
        var user = returning.User;
        var refusal = await links.LinkAsync(user, back.Account, back.AccessToken, options.Value.PublicBaseUrl(http.Request), http.RequestAborted);
        if (refusal is { } refused)
        {
            // No session is made on a refusal: a user whose session has ended learns why on the login page.
            return returning.SignedIn
                ? BackTo(http, SettingsPage, KaseyaOneNotice.Refused(KaseyaOneMessages.Text(refused)))
                : Results.Redirect(KaseyaOneMessages.LoginPage(refused));
        }
        if (returning.KaseyaOneSessionReplaced)
        {
            // Why the new KaseyaOne session may sign this user in: the round trip's state (protected by the handler, tied
            // to this browser by its correlation cookie) says this browser started it from this user's session; the
            // account KaseyaOne returned just passed password and code, and LinkAsync has just checked rules 2-4 and 16
            // for it, so it is this user's linked account and Log in with KaseyaOne would let it in as them anyway. A
            // session signed in with the BMS password was never bound to KaseyaOne's and stays as it is.
            await sessions.StartAfterFreshSignInAsync(http, user, back, "to enable Login with KaseyaOne");
        }
        // SPEC rule 6: back to the BMS home page.
        return BackTo(http, "/", KaseyaOneNotice.Done(KaseyaOneMessages.UserLinked));
    }

    public async Task<IResult> UnlinkAsync(HttpContext http)
    {
        if (await starter.CurrentAsync(http) is not { } user)
        {
            return Results.Forbid();
        }
        // SPEC rule 6 and the README: the link goes on both sides or on neither, and My Settings says which.
        var refused = await links.UnlinkAsync(user, http.User.FindFirst(BmsClaims.SessionId)?.Value, http.RequestAborted);
        return BackTo(http, SettingsPage,
            refused is null ? KaseyaOneNotice.Done(KaseyaOneMessages.UserUnlinked) : KaseyaOneNotice.Refused(refused));
    }

    public async Task<IResult> FailedAsync(HttpContext http, KaseyaOneReturn.Failure failure)
    {
        if (failure.State.TenantId is { } tenantId)
        {
            await audit.RecordAsync(tenantId, null, KaseyaOneAudit.UserLink, AuditOutcomes.Refused, failure.Detail, http.RequestAborted);
        }
        return BackTo(http, SettingsPage, KaseyaOneNotice.Refused(KaseyaOneMessages.Text(failure.Refusal)));
    }

    private static IResult BackTo(HttpContext http, string page, KaseyaOneNotice notice)
    {
        notice.ShowNext(http);
        return Results.LocalRedirect(page);
    }
}
