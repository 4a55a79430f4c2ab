using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SsoSuite.Bms.Accounts;

/// <summary>My Profile: the user's details, and Configure MFA (absent for Api users, SPEC rule 8).</summary>
public sealed class ProfileModel(UserSignIn users) : PageModel
{
    public BmsUser Me { get; private set; } = null!;
    public bool MayConfigureMfa => Me.MayConfigureMfa;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.FindAsync(User.UserId(), HttpContext.RequestAborted) is not { } me)
        {
            return Forbid();
        }
        Me = me;
        return Page();
    }
}
