using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Emails;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Mfa;

/// <summary>The second step of every sign-in: no session exists before a valid, unused code (SPEC rule 1).</summary>
[AllowAnonymous]
public sealed class CodeModel(
    KaseyaOneSignIn signIn, AccountSignIn accounts, TotpAuthenticator<K1Account> authenticator, PasswordSignIn<K1Account> passwords)
    : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var pending = await signIn.PendingAsync(HttpContext);
        if (pending is not { Pending.CodeAccepted: false, Account: var account })
        {
            return Redirect("/Accounts/Login?expired=true&returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
        }
        return account.MfaEnrolled
            ? Page()
            : Redirect("/Mfa/Enrol?returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = await signIn.PendingAsync(HttpContext);
        if (pending is not { Pending.CodeAccepted: false, Account.MfaEnrolled: true })
        {
            return await OnGetAsync();
        }
        var account = pending.Value.Account;
        switch ((await passwords.CheckCodeAsync(account, () => accounts.TryAttempt(account),
                    () => authenticator.VerifyAsync(account, Code, HttpContext.RequestAborted), AccountSignIn.Channel, wrongCode: null,
                    HttpContext.RequestAborted)).Outcome)
        {
            case CodeStepOutcome.Accepted:
                return Redirect(EmailVerification.NextAfterSignIn(account,
                    await signIn.AfterCodeAsync(HttpContext, account, LocalUrl.OrHome(ReturnUrl))));
            case CodeStepOutcome.LockedOut:
                return await StartAgain(SignInMessages.LockedOut);
            case CodeStepOutcome.TooManyAttempts:
                // The pending sign-in stays: the right code is still welcome once the minute is over.
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Message = SignInMessages.TooManyAttempts;
                return Page();
            default:
                Message = SignInMessages.WrongCode;
                return Page();
        }
    }

    private async Task<IActionResult> StartAgain(string message)
    {
        await HttpContext.SignOutAsync(KaseyaOneCookies.Pending);
        Message = message;
        Ended = true;
        return Page();
    }

    /// <summary>The sign-in has ended (locked out): the page says so and offers only Start again, no code field.</summary>
    public bool Ended { get; private set; }
}
