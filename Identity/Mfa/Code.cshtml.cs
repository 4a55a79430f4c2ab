using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Mfa;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Mfa;

/// <summary>The second step of every sign-in: no session exists before a valid, unused code (SPEC rule 1).</summary>
[AllowAnonymous]
public sealed class CodeModel(KaseyaOneSignIn signIn, AccountAuthenticator authenticator, AccountSignIn accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var account = await signIn.PendingAccountAsync(HttpContext);
        if (account is null)
        {
            return Redirect("/Accounts/Login?expired=true&returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
        }
        return account.MfaEnrolled
            ? Page()
            : Redirect("/Mfa/Enrol?returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await signIn.PendingAccountAsync(HttpContext);
        if (account is null || !account.MfaEnrolled)
        {
            return await OnGetAsync();
        }
        if (accounts.IsLockedOut(account))
        {
            return await StartAgain(SignInMessages.LockedOut);
        }
        if (await authenticator.VerifyAsync(account, Code, HttpContext.RequestAborted) == TotpOutcome.Accepted)
        {
            await signIn.CompleteAsync(HttpContext, account);
            return Redirect(LocalUrl.OrHome(ReturnUrl));
        }
        if (await accounts.RecordFailureAsync(account, HttpContext.RequestAborted))
        {
            return await StartAgain(SignInMessages.LockedOut);
        }
        Message = SignInMessages.WrongCode;
        return Page();
    }

    private async Task<IActionResult> StartAgain(string message)
    {
        await HttpContext.SignOutAsync(KaseyaOneCookies.Pending);
        Message = message;
        return Page();
    }
}
