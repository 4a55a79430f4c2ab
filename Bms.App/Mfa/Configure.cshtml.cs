using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Mfa;

/// <summary>My Profile &gt; Configure MFA (SPEC rule 8). Refused to Api users by the server, not only hidden.</summary>
public sealed class ConfigureModel(UserSignIn users, UserAuthenticator authenticator, AuditLog audit) : PageModel
{
    public string QrDataUri { get; private set; } = "";
    public string SecretKey { get; private set; } = "";
    public string? Message { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.FindAsync(User.UserId(), HttpContext.RequestAborted);
        if (user is null || !UserAuthenticator.MayConfigure(user))
        {
            return Forbid();
        }
        await ShowAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        var user = await users.FindAsync(User.UserId(), HttpContext.RequestAborted);
        if (user is null || !UserAuthenticator.MayConfigure(user))
        {
            return Forbid();
        }
        if (await authenticator.ConfirmAsync(user, code, HttpContext.RequestAborted) == TotpOutcome.Accepted)
        {
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.MfaConfigured, AuditOutcomes.Succeeded, null, HttpContext.RequestAborted);
            Done = true;
            return Page();
        }
        Message = LoginMessages.WrongCode;
        await ShowAsync(user);
        return Page();
    }

    private async Task ShowAsync(BmsUser user)
    {
        var secret = await authenticator.PendingSecretAsync(user, HttpContext.RequestAborted);
        SecretKey = TotpCodes.ToBase32(secret);
        QrDataUri = AuthenticatorQr.PngDataUri(AuthenticatorQr.KeyUri(UserAuthenticator.Issuer, $"{user.Tenant.Name}/{user.UserName}", secret));
    }
}
