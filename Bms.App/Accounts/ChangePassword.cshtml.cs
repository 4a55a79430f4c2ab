using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

/// <summary>My Profile &gt; Change password: the current password, then the new one twice.</summary>
public sealed class ChangePasswordModel(UserSignIn users, PasswordSignIn<BmsUser> passwords, CredentialChanges changes) : PageModel
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
        if (!Changed)
        {
            Message = PasswordChanges.Problem(outcome);
            return Page();
        }
        // A new password says the old one may be known to someone else: the user's other sessions and API tokens end,
        // while this browser stays signed in (as KaseyaOne's Change password does).
        Message = PasswordChanges.Done(await changes.EndWhatTheOldOneOpenedAsync(user.Id, User.FindFirst(BmsClaims.SessionId)?.Value,
            HttpContext.RequestAborted));
        return Page();
    }
}
