using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Mfa;

/// <summary>The code step of a local BMS sign-in, for users who configured MFA.</summary>
[AllowAnonymous]
public sealed class CodeModel(
    BmsSignIn signIn, UserSignIn users, TotpAuthenticator<BmsUser> authenticator, PasswordSignIn<BmsUser> passwords) : PageModel
{
    public string? Message { get; private set; }
    /// <summary>The sign-in has ended (locked out): the page says so and offers only Start again, no code field.</summary>
    public bool Ended { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.PendingAsync(HttpContext) is { Pending.CodeAccepted: false } ? Page() : Expired();

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        if (await signIn.PendingAsync(HttpContext) is not { Pending.CodeAccepted: false, User: var user })
        {
            return Expired();
        }
        switch ((await passwords.CheckCodeAsync(user, () => users.TryAttempt(user),
                    () => authenticator.VerifyAsync(user, code, HttpContext.RequestAborted), UserSignIn.WebChannel, wrongCode: null,
                    HttpContext.RequestAborted)).Outcome)
        {
            case CodeStepOutcome.Accepted:
                return Redirect(await signIn.AfterSecondStepAsync(HttpContext, user));
            case CodeStepOutcome.LockedOut:
                await HttpContext.SignOutAsync(BmsCookies.Pending);
                Message = LoginMessages.LockedOut;
                Ended = true;
                return Page();
            case CodeStepOutcome.TooManyAttempts:
                // The pending sign-in stays: the right code is still welcome once the minute is over.
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Message = LoginMessages.TooManyAttempts;
                return Page();
            default:
                Message = LoginMessages.WrongCode;
                return Page();
        }
    }

    private RedirectResult Expired() => Redirect("/Accounts/Login?message=" + LoginMessages.Expired);
}
