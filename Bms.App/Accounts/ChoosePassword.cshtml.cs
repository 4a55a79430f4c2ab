using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

/// <summary>
/// The first login of a user an administrator created (SPEC rule 15): after the password (and the code,
/// where MFA is on) and before any session, the user replaces the initial password with their own.
/// </summary>
[AllowAnonymous]
public sealed class ChoosePasswordModel(BmsSignIn signIn, PasswordSignIn<BmsUser> passwords) : PageModel
{
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.PendingAsync(HttpContext) is { Pending.CodeAccepted: true, User.MustChangePassword: true } ? Page() : Expired();

    public async Task<IActionResult> OnPostAsync(string? newPassword, string? confirmPassword)
    {
        if (await signIn.PendingAsync(HttpContext) is not { Pending.CodeAccepted: true, User: { MustChangePassword: true } user })
        {
            return Expired();
        }
        var outcome = await passwords.ChooseOwnPasswordAsync(user, newPassword, confirmPassword, HttpContext.RequestAborted);
        if (outcome != PasswordChangeOutcome.Changed)
        {
            Message = PasswordChanges.Problem(outcome);
            return Page();
        }
        await signIn.CompleteAsync(HttpContext, user, SignInMethods.Local);
        return Redirect("/");
    }

    private RedirectResult Expired() => Redirect("/Accounts/Login?message=" + LoginMessages.Expired);
}
