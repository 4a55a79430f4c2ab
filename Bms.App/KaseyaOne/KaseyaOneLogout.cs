using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>Claims a KaseyaOne sign-in adds to the BMS session, for logout: id_token_hint, iss and sid.</summary>
public static class KaseyaOneSessionClaims
{
    public const string IdToken = "k1_id_token";
    public const string Issuer = "k1_iss";
    public const string SessionId = "k1_sid";
}

/// <summary>
/// SPEC rule 9: logging out of a BMS session that came from KaseyaOne ends KaseyaOne's session too, by
/// RP-initiated logout (id_token_hint, the registered post-logout URI, state). A local session stays local.
/// <para>
/// BMS also ends sessions itself (an admin saves the employee, a credential changes, the integration is turned off, a
/// lifetime runs out), and the browser's KaseyaOne session lives on. The user who then clicks Log out, on a page opened
/// before, finds no BMS session to end; told "You have signed out", they would leave KaseyaOne signed in for the next
/// person at that browser. So when a KaseyaOne session's BMS cookie is refused, its ID token is kept in a cookie of its
/// own (<see cref="EndedCookieName"/>, data-protected, HttpOnly, until the browser closes), and a logout without a
/// live session ends KaseyaOne's with it. Any other refused session, and every logout, drops it. (A BMS session that
/// KaseyaOne's own logout ended is kept the same way; its later logout only passes through KaseyaOne's end-session,
/// which honours a hint of an ended session.)
/// </para>
/// </summary>
public sealed class KaseyaOneLogout(IDataProtectionProvider protection) : IBmsLogoutExtension
{
    public const string EndedCookieName = "bms.kaseyaone-ended";
    private readonly IDataProtector protector = protection.CreateProtector("SsoSuite.Bms.KaseyaOne.EndedSession");

    public void SessionEndedElsewhere(HttpContext http, ClaimsPrincipal endedSession)
    {
        if (IdTokenOf(endedSession) is { } idToken)
        {
            http.Response.Cookies.Append(EndedCookieName, protector.Protect(idToken), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
        }
        else
        {
            DropKept(http);
        }
    }

    public async Task<bool> AfterLogOutAsync(HttpContext http, ClaimsPrincipal? endedSession)
    {
        var idToken = endedSession is null ? EndedElsewhere(http) : IdTokenOf(endedSession);
        DropKept(http);
        if (idToken is null)
        {
            return false;
        }
        if (!await KaseyaOneReachability.AnswersAsync(http))
        {
            // The BMS session has ended all the same; KaseyaOne's ends at its own lifetime or its own sign-out.
            return false;
        }
        var properties = new AuthenticationProperties { RedirectUri = "/Accounts/Login?message=" + LoginMessages.SignedOut };
        // RP-Initiated Logout 1.0 §2: the hint tells KaseyaOne which session ends; a parameter of this redirect only,
        // not kept in the state that comes back. A hint of a session that has ended since is still honoured (§4).
        properties.SetParameter(OpenIdConnectParameterNames.IdTokenHint, idToken);
        await http.SignOutAsync(KaseyaOneSetup.Scheme, properties);
        return true;
    }

    private static string? IdTokenOf(ClaimsPrincipal session) =>
        session.FindFirst(BmsClaims.SignInMethod)?.Value == SignInMethods.KaseyaOne
        && session.FindFirst(KaseyaOneSessionClaims.IdToken)?.Value is { Length: > 0 } idToken
            ? idToken
            : null;

    private static void DropKept(HttpContext http)
    {
        if (http.Request.Cookies.ContainsKey(EndedCookieName))
        {
            http.Response.Cookies.Delete(EndedCookieName);
        }
    }

    /// <summary>The ID token kept when this browser's last BMS session from KaseyaOne was ended by BMS; null if none or not ours.</summary>
    private string? EndedElsewhere(HttpContext http)
    {
        if (http.Request.Cookies[EndedCookieName] is not { Length: > 0 } kept)
        {
            return null;
        }
        try
        {
            return protector.Unprotect(kept);
        }
        catch (CryptographicException)
        {
            // Not one this app wrote (or its key is gone): nothing to end.
            return null;
        }
    }
}
