using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

/// <summary>My Profile &gt; Change password: the current password, then the new one twice.</summary>
public sealed class ChangePasswordModel(UserSignIn users, PasswordSignIn<BmsUser> passwords) : PageModel
{
    public string? Message { get; private set; }
    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? currentPassword, string? newPassword, string? confirmPassword)
    {
        if (await users.FindAsync(User.UserId(), HttpContext.RequestAborted) is not { } user)
        {
            return Forbid();
        }
        var outcome = await passwords.ChangePasswordAsync(user, currentPassword, newPassword, confirmPassword, HttpContext.RequestAborted);
        Changed = outcome == PasswordChangeOutcome.Changed;
        Message = Changed ? "Your password was changed." : PasswordChanges.Problem(outcome);
        return Page();
    }
}
