using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Emails;

/// <summary>
/// Verify your email address (SPEC rule 16): shown after a sign-in while the address is unproven, and after a change.
/// Opening it mails a code unless one is waiting; the user types it back, asks for a new one, or goes on without.
/// </summary>
public sealed class VerifyModel(AccountSignIn accounts, EmailVerification verification) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string Email { get; private set; } = "";
    public bool Verified { get; private set; }
    public string? Message { get; private set; }
    public bool IsProblem { get; private set; }
    public string Continue => LocalUrl.OrHome(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AccountAsync() is not { } account)
        {
            return Forbid();
        }
        if (!account.EmailVerified)
        {
            var sent = await verification.SendCodeAsync(account, resend: false, HttpContext.RequestAborted);
            Say(EmailMessages.Of(sent, account.Email, resend: false), EmailMessages.IsProblem(sent));
        }
        return Show(account);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await AccountAsync() is not { } account)
        {
            return Forbid();
        }
        var outcome = await verification.CheckCodeAsync(account, Code, HttpContext.RequestAborted);
        if (outcome == CodeCheckOutcome.Verified)
        {
            return Redirect(Continue);
        }
        Say(EmailMessages.Of(outcome), outcome != CodeCheckOutcome.AlreadyVerified);
        return Show(account);
    }

    public async Task<IActionResult> OnPostResendAsync()
    {
        if (await AccountAsync() is not { } account)
        {
            return Forbid();
        }
        var sent = await verification.SendCodeAsync(account, resend: true, HttpContext.RequestAborted);
        Say(EmailMessages.Of(sent, account.Email, resend: true), EmailMessages.IsProblem(sent));
        return Show(account);
    }

    private Task<K1Account?> AccountAsync() => accounts.FindAsync(User, HttpContext.RequestAborted);

    private PageResult Show(K1Account account)
    {
        Email = account.Email;
        Verified = account.EmailVerified;
        return Page();
    }

    private void Say(string message, bool problem)
    {
        Message = message;
        IsProblem = problem;
    }
}
