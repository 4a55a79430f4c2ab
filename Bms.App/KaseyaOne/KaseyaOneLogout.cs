using System.Security.Claims;
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
/// </summary>
public sealed class KaseyaOneLogout : IBmsLogoutExtension
{
    public async Task<bool> AfterLogOutAsync(HttpContext http, ClaimsPrincipal endedSession)
    {
        if (endedSession.FindFirst(BmsClaims.SignInMethod)?.Value != SignInMethods.KaseyaOne
            || endedSession.FindFirst(KaseyaOneSessionClaims.IdToken)?.Value is not { Length: > 0 } idToken)
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
        // not kept in the state that comes back.
        properties.SetParameter(OpenIdConnectParameterNames.IdTokenHint, idToken);
        await http.SignOutAsync(KaseyaOneSetup.Scheme, properties);
        return true;
    }
}
