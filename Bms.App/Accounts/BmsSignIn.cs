using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Accounts;

/// <summary>Completes a BMS sign-in, local or through KaseyaOne: a new server-side session and its cookie.</summary>
public sealed class BmsSignIn(
    BmsSessionStore sessions, UserSignIn users, PasswordSignIn<BmsUser> passwords, Admin.AuditLog audit, SignInMetrics metrics,
    ILogger<BmsSignIn> logger)
{
    public async Task CompleteAsync(HttpContext http, BmsUser user, string method, KaseyaOneSessionOrigin? kaseyaOne = null,
        IEnumerable<Claim>? extraClaims = null)
    {
        var ct = http.RequestAborted;
        var previous = await http.AuthenticateAsync(BmsCookies.Session);
        if (previous.Principal?.FindFirst(BmsClaims.SessionId)?.Value is { } old)
        {
            await sessions.EndAsync(old, ct);
        }
        await passwords.ResetFailuresAsync(user, ct);
        var session = await sessions.StartAsync(user, method, kaseyaOne, ct);
        await http.SignInAsync(BmsCookies.Session, BmsCookies.Principal(user, session, extraClaims));
        await http.SignOutAsync(BmsCookies.Pending);
        RememberedCompany.Remember(http, user.Tenant.Name);
        metrics.SignedIn(method);
        if (method == SignInMethods.Local)
        {
            await audit.RecordAsync(user.TenantId, user.Id, Admin.AuditActions.SignIn, AuditOutcomes.Succeeded, "local", ct);
        }
        logger.LogInformation("Sign-in succeeded ({Method}) for {Company}/{UserName} ({UserId}), session {SessionId}",
            method, user.Tenant.Name, user.UserName, user.Id, session.Id);
    }

    /// <summary>The pending local sign-in of this browser (password accepted, no session yet) and its user.</summary>
    public async Task<(PendingSignIn Pending, BmsUser User)?> PendingAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(BmsCookies.Pending);
        // A user deactivated since their password step has no pending sign-in: their code must not start a session
        // after the deactivation ended every other one. Nor has a user whose password changed since.
        return PendingSignIn.From(result.Principal) is { } pending
               && await users.FindAsync(pending.AccountId, http.RequestAborted) is { IsActive: true } user
               && pending.IsStillValidFor(user)
            ? (pending, user)
            : null;
    }

    public Task StartPendingAsync(HttpContext http, PendingSignIn pending) =>
        http.SignInAsync(BmsCookies.Pending, pending.ToPrincipal(BmsCookies.Pending));

    /// <summary>
    /// The password (and the code, where MFA is on) were accepted: a session now, unless an administrator
    /// chose the password, which the user replaces first. Returns where the browser goes next.
    /// </summary>
    public async Task<string> AfterSecondStepAsync(HttpContext http, BmsUser user)
    {
        // SPEC rule 4: BMS's own pages are for employees. Refused only here, once every step the user has
        // (password, and code where MFA is on) passed: refused earlier, the message would tell whoever
        // guesses that the username exists, and of what type, before the password was proven.
        if (LoginMessages.NotStaff(user.UserType) is { } refusal)
        {
            await http.SignOutAsync(BmsCookies.Pending);
            metrics.Failed(SignInFailure.NotEmployee, UserSignIn.WebChannel);
            await audit.RecordAsync(user.TenantId, user.Id, Admin.AuditActions.SignIn, AuditOutcomes.Refused,
                $"local: {user.UserType} user", http.RequestAborted);
            logger.LogInformation("Sign-in refused for {Company}/{UserName} ({UserId}): {UserType} users do not use BMS's pages",
                user.Tenant.Name, user.UserName, user.Id, user.UserType);
            return "/Accounts/Login?message=" + refusal;
        }
        if (user.MustChangePassword)
        {
            await StartPendingAsync(http, PendingSignIn.CodeAcceptedFor(user));
            return "/Accounts/ChoosePassword";
        }
        await CompleteAsync(http, user, SignInMethods.Local);
        return "/";
    }
}

/// <summary>
/// Log out: the one place that decides how a BMS session ends. A local session ends here; a session that
/// came from KaseyaOne also ends KaseyaOne's (SPEC rule 9), through the integration's sign-out, also when BMS had
/// already ended the BMS session itself (<see cref="IBmsLogoutExtension.SessionEndedElsewhere"/>).
/// </summary>
public sealed class BmsLogout(BmsSessionStore sessions, IEnumerable<IBmsLogoutExtension> extensions)
{
    /// <summary>Ends the session; returns where to go next, or null when the response is already under way.</summary>
    public async Task<string?> LogOutAsync(HttpContext http)
    {
        var current = await http.AuthenticateAsync(BmsCookies.Session);
        if (current.Principal?.FindFirst(BmsClaims.SessionId)?.Value is { } sid)
        {
            await sessions.EndAsync(sid, http.RequestAborted);
        }
        await http.SignOutAsync(BmsCookies.Session);
        foreach (var extension in extensions)
        {
            if (await extension.AfterLogOutAsync(http, current.Principal))
            {
                return null;
            }
        }
        return "/Accounts/Login?message=" + LoginMessages.SignedOut;
    }

    /// <summary>The session cookie named a session BMS has ended (not by a logout): each extension keeps what it needs.</summary>
    public static void SessionEndedElsewhere(HttpContext http, ClaimsPrincipal endedSession)
    {
        foreach (var extension in http.RequestServices.GetServices<IBmsLogoutExtension>())
        {
            extension.SessionEndedElsewhere(http, endedSession);
        }
    }
}

/// <summary>Something more to end at logout.</summary>
public interface IBmsLogoutExtension
{
    /// <summary>
    /// The browser's session cookie was refused because BMS ended its session (an admin's change, a credential change,
    /// a lifetime): <paramref name="endedSession"/> is what the cookie held.
    /// </summary>
    void SessionEndedElsewhere(HttpContext http, ClaimsPrincipal endedSession);

    /// <summary>
    /// After a logout; <paramref name="endedSession"/> is the live session it ended, or null when there was none (ended
    /// before, see <see cref="SessionEndedElsewhere"/>). Returns true when it took over the response.
    /// </summary>
    Task<bool> AfterLogOutAsync(HttpContext http, ClaimsPrincipal? endedSession);
}
