using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Profile;

/// <summary>Profile Settings &gt; Password: the signed-in user changes their password (current one, new one twice).</summary>
public sealed class ProfilePasswordModel(AccountSignIn accounts, PasswordSignIn<K1Account> passwords, SessionEnding sessions) : PageModel
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
        if (await accounts.FindAsync(User, HttpContext.RequestAborted) is not { } account)
        {
            return Forbid();
        }
        var outcome = await passwords.ChangePasswordAsync(account, CurrentPassword, NewPassword, ConfirmPassword, HttpContext.RequestAborted);
        Changed = outcome == PasswordChangeOutcome.Changed;
        if (!Changed)
        {
            Message = PasswordChanges.Problem(outcome);
            return Page();
        }
        // A new password says the old one may be known to someone else: every other session of the account ends, and
        // the apps it signed into are told (SPEC rule 9), while this browser stays signed in.
        var ended = await sessions.EndAllButAsync(account.Id, User.FindFirst(KaseyaOneClaims.SessionId)?.Value,
            SessionEndCause.PasswordChanged, HttpContext.RequestAborted);
        Message = PasswordChanges.Done(ended.EndedSessionIds.Count);
        return Page();
    }
}
