using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Emails;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Mfa;

/// <summary>
/// First sign-in of an account: QR code and base32 secret, confirmed by a code (SPEC rule 1). The secret is
/// the one made for this pending sign-in at its password step; it is stored on the account only once confirmed.
/// </summary>
[AllowAnonymous]
public sealed class EnrolModel(
    KaseyaOneSignIn signIn, AccountSignIn accounts, TotpAuthenticator<K1Account> authenticator,
    TotpSecretProtection<K1Account> secrets, PasswordSignIn<K1Account> passwords, KaseyaOneAudit audit) : PageModel
{
    public const string Issuer = "KaseyaOne";

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Message { get; private set; }
    public string QrDataUri { get; private set; } = "";
    public string SecretKey { get; private set; } = "";
    public string AccountLabel { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var pending = await signIn.PendingAsync(HttpContext);
        if (pending is not { Pending.CodeAccepted: false, Account: var account })
        {
            return StartAgain();
        }
        if (account.MfaEnrolled)
        {
            return Redirect("/Mfa/Code?returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));
        }
        if (secrets.UnprotectPending(pending.Value.Pending.EnrolmentSecret, account.Id) is not { } secret)
        {
            return StartAgain();
        }
        Show(account, secret);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = await signIn.PendingAsync(HttpContext);
        if (pending is not { Pending.CodeAccepted: false, Account.MfaEnrolled: false }
            || secrets.UnprotectPending(pending.Value.Pending.EnrolmentSecret, pending.Value.Account.Id) is not { } secret)
        {
            return await OnGetAsync();
        }
        var account = pending.Value.Account;
        switch ((await passwords.CheckCodeAsync(account, () => accounts.TryAttempt(account),
                    () => authenticator.ConfirmEnrolmentAsync(account, secret, Code, HttpContext.RequestAborted), AccountSignIn.Channel,
                    SignInFailure.WrongEnrolmentCode, HttpContext.RequestAborted)).Outcome)
        {
            case CodeStepOutcome.Accepted:
                await audit.RecordAsync(account.TenantId, account.Id, AuditActions.Enrolment, AuditOutcomes.Succeeded, ct: HttpContext.RequestAborted);
                return Redirect(EmailVerification.NextAfterSignIn(account,
                    await signIn.AfterCodeAsync(HttpContext, account, LocalUrl.OrHome(ReturnUrl))));
            case CodeStepOutcome.LockedOut:
                await HttpContext.SignOutAsync(KaseyaOneCookies.Pending);
                Message = SignInMessages.LockedOut;
                Ended = true;
                return Page();
            case CodeStepOutcome.TooManyAttempts:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Message = SignInMessages.TooManyAttempts;
                Show(account, secret);
                return Page();
            default:
                Message = SignInMessages.WrongCode;
                Show(account, secret);
                return Page();
        }
    }

    /// <summary>The sign-in has ended (locked out): the page says so and offers only Start again, no code field.</summary>
    public bool Ended { get; private set; }

    private RedirectResult StartAgain() =>
        Redirect("/Accounts/Login?expired=true&returnUrl=" + Uri.EscapeDataString(LocalUrl.OrHome(ReturnUrl)));

    private void Show(K1Account account, byte[] secret)
    {
        AccountLabel = $"{account.Tenant.Name}/{account.UserName}";
        SecretKey = TotpCodes.ToBase32(secret);
        QrDataUri = AuthenticatorQr.PngDataUri(AuthenticatorQr.KeyUri(Issuer, AccountLabel, secret));
    }
}
