using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// Log in with KaseyaOne, from the login page (SPEC rules 3, 4, 7) or launched from KaseyaOne's My Modules and app
/// launcher (rule 10): a round trip through KaseyaOne, then a BMS session for the user the rules let in.
/// </summary>
public sealed class SignInJourney(
    KaseyaOneSignIn signIns, KaseyaOneLoginLink loginLink, KaseyaOneBmsSession sessions, AuditLog audit,
    IOptions<KaseyaOneOptions> options, KaseyaOneSignInMetrics metrics, ILogger<SignInJourney> logger) : IKaseyaOneJourney
{
    public const string CompletePath = "/kaseyaone/sign-in/complete";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(KaseyaOneLoginLink.Path, (string? company, SignInJourney journey, HttpContext http) => journey.StartAsync(http, company));
        app.MapGet("/kaseyaone/initiate-login", (HttpContext http, SignInJourney journey,
            [FromQuery] string? iss, [FromQuery(Name = "login_hint")] string? loginHint,
            [FromQuery(Name = "target_link_uri")] string? target, [FromQuery(Name = "bms_tenant")] string? tenant) =>
            journey.InitiateLoginAsync(http, iss, loginHint, target, tenant));
        app.MapGet(CompletePath, (HttpContext http, SignInJourney journey) => journey.CompleteAsync(http));
    }

    /// <summary>The link at the bottom of the login page, for a company whose integration is on.</summary>
    public async Task<IResult> StartAsync(HttpContext http, string? company)
    {
        if (await loginLink.EnabledTenantAsync(company, http.RequestAborted) is not { } tenant)
        {
            return LoginPage(KaseyaOneRefusal.IntegrationOff);
        }
        RememberedCompany.Remember(http, tenant.Name);
        if (!await KaseyaOneReachability.AnswersAsync(http))
        {
            return LoginPage(KaseyaOneRefusal.Unreachable);
        }
        return Results.Challenge(KaseyaOneRoundTrip.Start(CompletePath, new KaseyaOneJourneyState(tenant.Id, null)), [KaseyaOneSetup.Scheme]);
    }

    /// <summary>
    /// OpenID Connect Core §4: KaseyaOne asks BMS to start a sign-in. Only the configured KaseyaOne may ask (iss), and
    /// only for a page of this BMS (target_link_uri), so this is no open redirect.
    /// </summary>
    public async Task<IResult> InitiateLoginAsync(HttpContext http, string? iss, string? loginHint, string? target, string? tenant)
    {
        if (!options.Value.IsIssuer(iss))
        {
            logger.LogWarning("Initiate-login refused: issuer {Issuer} is not KaseyaOne", iss);
            return LoginPage(KaseyaOneRefusal.UntrustedIssuer);
        }
        string? landing = null;
        if (!string.IsNullOrEmpty(target))
        {
            landing = options.Value.OwnPage(http.Request, target);
            if (landing is null)
            {
                logger.LogWarning("Initiate-login refused: target {Target} is not a page of this BMS", target);
                return LoginPage(KaseyaOneRefusal.UntrustedTarget);
            }
        }
        if (!await KaseyaOneReachability.AnswersAsync(http))
        {
            return LoginPage(KaseyaOneRefusal.Unreachable);
        }
        var state = new KaseyaOneJourneyState(Guid.TryParse(tenant, out var tenantId) ? tenantId : null, null, landing);
        return Results.Challenge(KaseyaOneRoundTrip.Start(CompletePath, state,
            loginHint: loginHint is { Length: > 0 and <= 256 } ? loginHint : null), [KaseyaOneSetup.Scheme]);
    }

    public async Task<IResult> CompleteAsync(HttpContext http)
    {
        if (await KaseyaOneRoundTrip.CompleteAsync(http, CompletePath) is not { } back)
        {
            metrics.Ended(KaseyaOneSignInMetrics.Expired);
            return Results.Redirect(KaseyaOneMessages.ExpiredLoginPage);
        }
        var outcome = await signIns.DecideAsync(back, options.Value.PublicBaseUrl(http.Request), http.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            return LoginPage(refusal);
        }
        await sessions.StartAsync(http, outcome.User!, back);
        metrics.Ended(KaseyaOneSignInMetrics.SignedIn);
        // SPEC rule 11: the landing page (launch target, else the module URL setting), inside this BMS only.
        var landing = back.State.Target
                      ?? options.Value.OwnPage(http.Request, back.Principal.FindFirst(Shared.Claims.KaseyaOneClaims.LandingPage)?.Value)
                      ?? "/";
        return Results.LocalRedirect(landing);
    }

    public async Task<IResult> FailedAsync(HttpContext http, KaseyaOneReturn.Failure failure)
    {
        if (failure.State.TenantId is { } tenantId)
        {
            await audit.RecordAsync(tenantId, null, KaseyaOneAudit.SignIn, AuditOutcomes.Refused, failure.Detail, http.RequestAborted);
        }
        return LoginPage(failure.Refusal);
    }

    /// <summary>Every refusal of this journey ends here, counted.</summary>
    private IResult LoginPage(KaseyaOneRefusal refusal)
    {
        metrics.Refused(refusal);
        return Results.Redirect(KaseyaOneMessages.LoginPage(refusal));
    }
}
