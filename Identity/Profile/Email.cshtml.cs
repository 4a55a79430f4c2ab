using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Emails;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Identity.Profile;

/// <summary>Profile Settings &gt; Email: the signed-in user changes their address, which then has to be verified again (SPEC rule 16).</summary>
public sealed class ProfileEmailModel(AccountSignIn accounts, PasswordSignIn<K1Account> passwords, EmailVerification verification) : PageModel
{
    public const string Path = "/Profile/Email";

    [BindProperty] public string? NewEmail { get; set; }
    [BindProperty] public string? CurrentPassword { get; set; }
    public string Email { get; private set; } = "";
    public bool Verified { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await AccountAsync() is { } account ? Show(account) : Forbid();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await AccountAsync() is not { } account)
        {
            return Forbid();
        }
        // Apps trust this address once verified (rule 16): a session alone, perhaps a stolen one, does not change it.
        if (await passwords.ConfirmCurrentPasswordAsync(account, CurrentPassword, HttpContext.RequestAborted) is { } refused)
        {
            Message = PasswordChanges.Problem(refused);
            return Show(account);
        }
        var (outcome, _) = await verification.ChangeEmailAsync(account, NewEmail, HttpContext.RequestAborted);
        if (outcome == EmailChangeOutcome.Changed)
        {
            return Redirect(EmailVerification.VerifyPath + "?returnUrl=" + Uri.EscapeDataString(Path));
        }
        Message = outcome == EmailChangeOutcome.Unchanged ? EmailMessages.SameAddress : EmailMessages.InvalidAddress;
        return Show(account);
    }

    private Task<K1Account?> AccountAsync() => accounts.FindAsync(User, HttpContext.RequestAborted);

    private PageResult Show(K1Account account)
    {
        Email = account.Email;
        Verified = account.EmailVerified;
        return Page();
    }
}
