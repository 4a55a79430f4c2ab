using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Mfa;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Mfa;

/// <summary>First sign-in of an account: QR code and base32 secret, confirmed by a code (SPEC rule 1).</summary>
[AllowAnonymous]
public sealed class EnrolModel(KaseyaOneSignIn signIn, AccountAuthenticator authenticator, AccountSignIn accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Message { get; private set; }
    public string QrDataUri { get; private set; } = "";
    public string SecretKey { get; private set; } = "";
    public string AccountLabel { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var account = await signIn.PendingAccountAsync(HttpContext);
        if (account is null)
        {
            return Redirect("/Accounts/Login?expired=true&returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
        }
        if (account.MfaEnrolled)
        {
            return Redirect("/Mfa/Code?returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
        }
        await ShowSecretAsync(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await signIn.PendingAccountAsync(HttpContext);
        if (account is null || account.MfaEnrolled)
        {
            return await OnGetAsync();
        }
        if (accounts.IsLockedOut(account))
        {
            Message = SignInMessages.LockedOut;
        }
        else if (await authenticator.ConfirmEnrolmentAsync(account, Code, HttpContext.RequestAborted) == TotpOutcome.Accepted)
        {
            await signIn.CompleteAsync(HttpContext, account);
            return Redirect(LocalUrl.OrHome(ReturnUrl));
        }
        else
        {
            Message = await accounts.RecordFailureAsync(account, HttpContext.RequestAborted)
                ? SignInMessages.LockedOut
                : SignInMessages.WrongCode;
        }
        await ShowSecretAsync(account);
        return Page();
    }

    private async Task ShowSecretAsync(K1Account account)
    {
        var secret = await authenticator.PendingSecretAsync(account, HttpContext.RequestAborted);
        AccountLabel = AccountAuthenticator.AccountLabel(account);
        SecretKey = TotpCodes.ToBase32(secret);
        QrDataUri = AuthenticatorQr.PngDataUri(AuthenticatorQr.KeyUri(AccountAuthenticator.Issuer, AccountLabel, secret));
    }
}
