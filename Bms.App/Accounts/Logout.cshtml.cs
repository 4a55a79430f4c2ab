using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SsoSuite.Bms.Accounts;

/// <summary>Log out (a POST, with anti-forgery); <see cref="BmsLogout"/> decides how far it reaches.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class LogoutModel(BmsLogout logout, IAntiforgery antiforgery) : PageModel
{
    /// <summary>A Log out form from before the session ended came in: this page offers a fresh one.</summary>
    public bool Again { get; private set; }

    public void OnGet(bool again = false) => Again = again && User.Identity?.IsAuthenticated != true;

    public async Task<IActionResult> OnPostAsync()
    {
        // Anti-forgery is checked here instead of by the framework: the Log out button of a page opened while the session
        // was live carries a token of that session, which is refused once BMS has ended the session (an admin's change, a
        // lifetime). Its click gets this page with a fresh form, not a bare 400; nothing is ended without a valid token.
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return RedirectToPage(new { again = true });
        }
        return await logout.LogOutAsync(HttpContext) is { } next ? LocalRedirect(next) : new EmptyResult();
    }
}
