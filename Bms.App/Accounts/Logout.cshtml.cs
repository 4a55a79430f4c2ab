using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SsoSuite.Bms.Accounts;

/// <summary>Log out (a POST, with anti-forgery); <see cref="BmsLogout"/> decides how far it reaches.</summary>
[AllowAnonymous]
public sealed class LogoutModel(BmsLogout logout) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync() =>
        await logout.LogOutAsync(HttpContext) is { } next ? LocalRedirect(next) : new EmptyResult();
}
