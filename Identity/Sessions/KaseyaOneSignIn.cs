using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Audit;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// The two cookies of a KaseyaOne browser: the session (after password and code) and the short-lived
/// pending sign-in (after the password, before the code). Each has a name of its own: BMS runs on the
/// same host and browsers do not separate cookies by port.
/// </summary>
public static class KaseyaOneCookies
{
    public const string Session = "K1";
    public const string Pending = "K1.Pending";
    public const string SessionCookieName = "k1.session";
    public const string PendingCookieName = "k1.pending";

    public const string RefusalClaim = "k1_refusal";
    public const string RefusalInactive = "account_inactive";

    /// <summary>The session cookie's principal, rebuilt from the store on every request.</summary>
    public static ClaimsPrincipal Principal(K1Account account, K1Session session)
    {
        var identity = new ClaimsIdentity(Session, KaseyaOneClaims.Name, KaseyaOneClaims.Role);
        identity.AddClaim(new Claim(KaseyaOneClaims.Subject, account.Id.ToString()));
        identity.AddClaim(new Claim(KaseyaOneClaims.Name, account.DisplayName));
        identity.AddClaim(new Claim(KaseyaOneClaims.PreferredUsername, account.UserName));
        identity.AddClaim(new Claim(KaseyaOneClaims.Email, account.Email));
        identity.AddClaim(new Claim(KaseyaOneClaims.Role, account.Role));
        identity.AddClaim(new Claim(KaseyaOneClaims.TenantId, account.TenantId.ToString()));
        identity.AddClaim(new Claim(KaseyaOneClaims.TenantName, account.Tenant.Name));
        identity.AddClaim(new Claim(KaseyaOneClaims.SessionId, session.Id));
        identity.AddClaim(new Claim(KaseyaOneClaims.AuthTime,
            session.AuthenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        return new ClaimsPrincipal(identity);
    }

    public static ClaimsPrincipal RefusalPrincipal(string refusal) =>
        new(new ClaimsIdentity([new Claim(RefusalClaim, refusal)], Pending));

    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveSessionCache>();
        builder.Services.AddScoped<SessionStore>();
        builder.Services.AddScoped<KaseyaOneSignIn>();
        builder.Services.AddAuthentication(Session).AddSessionCookies(
            new SessionCookieNames(Session, SessionCookieName, Pending, PendingCookieName), KaseyaOneClaims.SessionId,
            async (context, sid) =>
            {
                var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                var live = await store.FindLiveAsync(sid, context.HttpContext.RequestAborted);
                if (live is not { Account.IsActive: true })
                {
                    return null;
                }
                await store.TouchAsync(live.Value.Session, context.HttpContext.RequestAborted);
                return Principal(live.Value.Account, live.Value.Session);
            },
            logoutPath: "/Sessions/SignOut");
        return builder;
    }
}

/// <summary>Completes a sign-in once the code was accepted: a new server-side session and its cookie.</summary>
public sealed class KaseyaOneSignIn(
    SessionStore sessions, SessionEnding ending, AccountSignIn accounts, PasswordSignIn<K1Account> passwords, KaseyaOneAudit audit,
    SignInMetrics metrics, ILogger<KaseyaOneSignIn> logger)
{
    public async Task CompleteAsync(HttpContext http, K1Account account)
    {
        var ct = http.RequestAborted;
        // A fresh sign-in in this browser replaces the session it may already have, and that session's clients
        // are told like at any other end: the replaced session's BMS session must not live on (SPEC rule 9).
        var previous = await http.AuthenticateAsync(KaseyaOneCookies.Session);
        if (previous.Principal?.FindFirst(KaseyaOneClaims.SessionId)?.Value is { } oldSid)
        {
            await ending.EndAsync([oldSid], SessionEndCause.Replaced, ct: ct);
        }
        await passwords.ResetFailuresAsync(account, ct);
        var session = await sessions.StartAsync(account, http, ct);
        await audit.RecordAsync(account.TenantId, account.Id, AuditActions.SignIn, AuditOutcomes.Succeeded,
            $"session started in {session.Browser} on {session.OperatingSystem} from {session.IpAddress}", ct: ct);
        await http.SignInAsync(KaseyaOneCookies.Session, KaseyaOneCookies.Principal(account, session));
        await http.SignOutAsync(KaseyaOneCookies.Pending);
        metrics.SignedIn(SignInMetrics.LocalMethod);
        logger.LogInformation("Sign-in succeeded for {Company}/{UserName} ({AccountId}), session {SessionId}",
            account.Tenant.Name, account.UserName, account.Id, session.Id);
    }

    /// <summary>
    /// The code was accepted: a session now, unless an administrator chose the password, which its owner
    /// replaces first (still without a session). Returns where the browser goes next.
    /// </summary>
    public async Task<string> AfterCodeAsync(HttpContext http, K1Account account, string returnUrl)
    {
        if (account.MustChangePassword)
        {
            await StartPendingAsync(http, PendingSignIn.CodeAcceptedFor(account));
            return "/Accounts/ChoosePassword?returnUrl=" + Uri.EscapeDataString(returnUrl);
        }
        await CompleteAsync(http, account);
        return returnUrl;
    }

    /// <summary>
    /// The pending sign-in of this browser (password accepted, no session yet) and its account. An account deactivated
    /// since its password step has none (SPEC rule 4): its code would otherwise start a session after the deactivation
    /// ended every other one. Nor has one whose password changed since (<see cref="PendingSignIn.IsStillValidFor"/>).
    /// </summary>
    public async Task<(PendingSignIn Pending, K1Account Account)?> PendingAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(KaseyaOneCookies.Pending);
        return PendingSignIn.From(result.Principal) is { } pending
               && await accounts.FindAsync(pending.AccountId, http.RequestAborted) is { IsActive: true } account
               && pending.IsStillValidFor(account)
            ? (pending, account)
            : null;
    }

    public Task StartPendingAsync(HttpContext http, PendingSignIn pending) =>
        http.SignInAsync(KaseyaOneCookies.Pending, pending.ToPrincipal(KaseyaOneCookies.Pending));
}
