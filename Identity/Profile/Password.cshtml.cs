using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Profile;

/// <summary>Profile Settings &gt; Password: the signed-in user changes their password (current one, new one twice).</summary>
public sealed class ProfilePasswordModel(AccountSignIn accounts, PasswordSignIn<K1Account> passwords) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    public string? Message { get; private set; }
    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Guid.TryParse(User.FindFirst(KaseyaOneClaims.Subject)?.Value, out var id)
            || await accounts.FindAsync(id, HttpContext.RequestAborted) is not { } account)
        {
            return Forbid();
        }
        var outcome = await passwords.ChangePasswordAsync(account, CurrentPassword, NewPassword, ConfirmPassword, HttpContext.RequestAborted);
        Changed = outcome == PasswordChangeOutcome.Changed;
        Message = Changed ? "Your password was changed." : PasswordChanges.Problem(outcome);
        return Page();
    }
}
