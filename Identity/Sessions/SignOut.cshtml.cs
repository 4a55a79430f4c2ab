using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Sessions;

/// <summary>KaseyaOne's own sign-out button: ends the server-side session, then the cookie.</summary>
[AllowAnonymous]
public sealed class SignOutModel(SessionLogout logout) : PageModel
{
    public bool SignedOut { get; private set; }

    public void OnGet(bool done = false) => SignedOut = done || User.Identity?.IsAuthenticated != true;

    public async Task<IActionResult> OnPostAsync()
    {
        var loggedOut = await logout.EndAsync(HttpContext, [User.FindFirst(KaseyaOneClaims.SessionId)?.Value], returnTo: null);
        await HttpContext.SignOutAsync(KaseyaOneCookies.Session);
        return LocalRedirect(loggedOut);
    }
}
