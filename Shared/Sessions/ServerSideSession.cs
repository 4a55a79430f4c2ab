using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;

namespace SsoSuite.Shared.Sessions;

/// <summary>
/// A browser session kept on the server, of which the cookie only names the id: ending the record ends
/// the session for that browser at its next request, whatever the cookie still says.
/// </summary>
public static class ServerSideSession
{
    public const int MaxIdLength = 64;

    /// <summary>
    /// 128 random bits (or more), URL-safe: unguessable, short enough for a claim, and safe as the
    /// <c>sid</c> relying parties receive (OpenID Connect Front-Channel Logout 1.0 §3).
    /// </summary>
    public static string NewId(int bytes = 16) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    public static bool IsPlausibleId([NotNullWhen(true)] string? id) => id is { Length: > 0 and <= MaxIdLength };

    /// <summary>
    /// The cookie's check on every request: the session it names must still be live (and its account
    /// active), which <paramref name="rebuild"/> decides, returning the principal rebuilt from the store,
    /// or null to refuse it. A refused cookie is removed as well.
    /// </summary>
    public static async Task ValidateCookieAsync(
        CookieValidatePrincipalContext context, string sessionIdClaim, Func<string, Task<ClaimsPrincipal?>> rebuild)
    {
        var sessionId = context.Principal?.FindFirst(sessionIdClaim)?.Value;
        var principal = IsPlausibleId(sessionId) ? await rebuild(sessionId) : null;
        if (principal is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        context.ReplacePrincipal(principal);
    }
}
