using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Emails;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Accounts;

/// <summary>
/// The first sign-in of an account an administrator created: after the password and the code, and before
/// any session, its owner replaces the password the administrator chose (and so knows) with their own.
/// </summary>
[AllowAnonymous]
public sealed class ChoosePasswordModel(KaseyaOneSignIn signIn, PasswordSignIn<K1Account> passwords) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.PendingAsync(HttpContext) is { Pending.CodeAccepted: true, Account.MustChangePassword: true }
            ? Page()
            : StartAgain();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.PendingAsync(HttpContext) is not { Pending.CodeAccepted: true, Account: { MustChangePassword: true } account })
        {
            return StartAgain();
        }
        var outcome = await passwords.ChooseOwnPasswordAsync(account, NewPassword, ConfirmPassword, HttpContext.RequestAborted);
        if (outcome != PasswordChangeOutcome.Changed)
        {
            Message = PasswordChanges.Problem(outcome);
            return Page();
        }
        await signIn.CompleteAsync(HttpContext, account);
        return Redirect(EmailVerification.NextAfterSignIn(account, LocalUrl.OrHome(ReturnUrl)));
    }

    private RedirectResult StartAgain() =>
        Redirect("/Accounts/Login?expired=true&returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
}
