using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

/// <summary>The default BMS login page: company, username, password, then the code where MFA is configured.</summary>
[AllowAnonymous]
public sealed class LoginModel(UserSignIn users, BmsSignIn signIn) : PageModel
{
    [BindProperty] public string? Company { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    public string? Message { get; private set; }

    public IActionResult OnGet(string? message, string? company)
    {
        Message = LoginMessages.For(message);
        Company = company is { Length: <= 100 } ? company : RememberedCompany.Read(Request);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Company) || string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Message = LoginMessages.Missing;
            return Page();
        }
        // Longer than any stored value: no such user, answered as any failure is (SPEC rule 13), without a lookup.
        if (Company.Length > 100 || UserName.Length > 100 || Password.Length > 200)
        {
            Message = LoginMessages.Failed;
            return Page();
        }
        if (!users.TryAttempt(Company, UserName))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Message = LoginMessages.TooManyAttempts;
            return Page();
        }
        var check = await users.CheckPasswordAsync(Company, UserName, Password, UserSignIn.WebChannel, HttpContext.RequestAborted);
        RememberedCompany.Remember(HttpContext, Company);
        if (check.Outcome == PasswordOutcome.Success)
        {
            var user = check.Account!;
            if (user.MfaConfigured)
            {
                await signIn.StartPendingAsync(HttpContext, PendingSignIn.For(user));
                return Redirect("/Mfa/Code");
            }
            return Redirect(await signIn.AfterSecondStepAsync(HttpContext, user));
        }
        Message = check.Outcome switch
        {
            PasswordOutcome.Inactive => LoginMessages.Inactive,
            _ => LoginMessages.Failed,
        };
        return Page();
    }
}
