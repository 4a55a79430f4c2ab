using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Mfa;

/// <summary>The code step of a local BMS sign-in, for users who configured MFA.</summary>
[AllowAnonymous]
public sealed class CodeModel(BmsSignIn signIn, UserAuthenticator authenticator, UserSignIn users) : PageModel
{
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.PendingUserAsync(HttpContext) is null ? Redirect("/Accounts/Login?message=" + LoginMessages.Expired) : Page();

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        var user = await signIn.PendingUserAsync(HttpContext);
        if (user is null)
        {
            return Redirect("/Accounts/Login?message=" + LoginMessages.Expired);
        }
        if (users.IsLockedOut(user))
        {
            await HttpContext.SignOutAsync(BmsCookies.Pending);
            Message = LoginMessages.LockedOut;
            return Page();
        }
        if (await authenticator.VerifyAsync(user, code, HttpContext.RequestAborted) == TotpOutcome.Accepted)
        {
            await signIn.CompleteAsync(HttpContext, user, SignInMethods.Local);
            return Redirect("/");
        }
        if (await users.RecordFailureAsync(user, "web", "wrong code", HttpContext.RequestAborted))
        {
            await HttpContext.SignOutAsync(BmsCookies.Pending);
            Message = LoginMessages.LockedOut;
            return Page();
        }
        Message = LoginMessages.WrongCode;
        return Page();
    }
}
