using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Accounts;

/// <summary>The first step of a KaseyaOne sign-in: company name, username and password.</summary>
[AllowAnonymous]
public sealed class LoginModel(
    AccountSignIn accounts, KaseyaOneSignIn signIn, TotpSecretProtection<K1Account> secrets) : PageModel
{
    [BindProperty] public LoginForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Message { get; private set; }

    public IActionResult OnGet(bool expired = false)
    {
        // Someone already signed in who opens the page by hand goes home; a relying party asking
        // for a fresh sign-in (prompt=login, max_age) gets the form.
        if (User.Identity?.IsAuthenticated == true && string.IsNullOrEmpty(ReturnUrl))
        {
            return Redirect("/");
        }
        Message = expired ? SignInMessages.Expired : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!accounts.TryAttempt(Form.Company!, Form.UserName!))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Message = SignInMessages.TooManyAttempts;
            return Page();
        }
        var check = await accounts.CheckPasswordAsync(Form.Company!, Form.UserName!, Form.Password!, HttpContext.RequestAborted);
        switch (check.Outcome)
        {
            case PasswordOutcome.Success:
                // An account without an authenticator is offered a new secret, kept with this pending
                // sign-in only: it becomes the account's once a code from it is confirmed (SPEC rule 1).
                var account = check.Account!;
                var enrolment = account.MfaEnrolled ? null : secrets.ProtectPending(TotpCodes.NewSecret(), account.Id);
                await signIn.StartPendingAsync(HttpContext, PendingSignIn.For(account, enrolment));
                var next = account.MfaEnrolled ? "/Mfa/Code" : "/Mfa/Enrol";
                return Redirect($"{next}?returnUrl={Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl))}");

            case PasswordOutcome.Inactive when ReturnUrls.IsAuthorizationRequest(ReturnUrl):
                // The relying party learns of the refusal through the protocol (access_denied), so that
                // its user lands on its own login page with a message (SPEC rule 4).
                await HttpContext.SignInAsync(KaseyaOneCookies.Pending, KaseyaOneCookies.RefusalPrincipal(KaseyaOneCookies.RefusalInactive));
                return Redirect(LocalUrl.OrHome(ReturnUrl));

            case PasswordOutcome.Inactive:
                Message = SignInMessages.Inactive;
                return Page();

            default:
                Message = SignInMessages.Failed;
                return Page();
        }
    }
}

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your company name.")]
    [StringLength(100, ErrorMessage = "The company name is too long.")]
    public string? Company { get; set; }

    [Required(ErrorMessage = "Enter your username.")]
    [StringLength(100, ErrorMessage = "The username is too long.")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(200, ErrorMessage = "The password is too long.")]
    public string? Password { get; set; }
}
