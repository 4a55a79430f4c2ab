using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// SPEC rule 9: logging out of a BMS session that came from KaseyaOne ends KaseyaOne's session too, by
/// RP-initiated logout (id_token_hint, the registered post-logout URI, state). A local session stays local.
/// </summary>
public sealed class KaseyaOneLogout : IBmsLogoutExtension
{
    public async Task<bool> AfterLogOutAsync(HttpContext http, ClaimsPrincipal endedSession)
    {
        if (endedSession.FindFirst(BmsClaims.SignInMethod)?.Value != SignInMethods.KaseyaOne
            || endedSession.FindFirst(KaseyaOneFlows.IdTokenClaim)?.Value is not { Length: > 0 } idToken)
        {
            return false;
        }
        var properties = new AuthenticationProperties { RedirectUri = "/Accounts/Login?message=" + LoginMessages.SignedOut };
        properties.Items[KaseyaOneFlows.IdTokenHintItem] = idToken;
        await http.SignOutAsync(KaseyaOneSetup.Scheme, properties);
        return true;
    }
}
