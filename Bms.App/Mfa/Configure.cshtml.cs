using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Mfa;

/// <summary>
/// My Profile &gt; Configure MFA (SPEC rule 8). Refused to Api users by the server, not only hidden. Each
/// visit offers a new secret, carried by the form itself (protected, bound to the user, short-lived) and
/// stored only when a code from it is confirmed. Replacing an existing authenticator also needs a current
/// code from it: a borrowed session alone cannot swap the user's second factor.
/// </summary>
public sealed class ConfigureModel(
    UserSignIn users, TotpAuthenticator<BmsUser> authenticator, TotpSecretProtection<BmsUser> secrets,
    PasswordSignIn<BmsUser> passwords, AuditLog audit, CredentialChanges changes) : PageModel
{
    public const string Issuer = "BMS";

    public string QrDataUri { get; private set; } = "";
    public string SecretKey { get; private set; } = "";
    /// <summary>The offered secret, protected: posted back with the code.</summary>
    public string Enrolment { get; private set; } = "";
    public bool Replacing { get; private set; }
    public string? Message { get; private set; }
    /// <summary>The field the message is about (CurrentCode or Code), which the page marks invalid and focuses; none for the others.</summary>
    public string? RefusedField { get; private set; }
    public bool Done { get; private set; }
    /// <summary>Other sessions the confirmation of an authenticator ended.</summary>
    public int OtherSessionsEnded { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.FindAsync(User.UserId(), HttpContext.RequestAborted) is not { MayConfigureMfa: true } user)
        {
            return Forbid();
        }
        Offer(user, TotpCodes.NewSecret());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? currentCode, string? enrolment)
    {
        var ct = HttpContext.RequestAborted;
        if (await users.FindAsync(User.UserId(), ct) is not { MayConfigureMfa: true } user)
        {
            return Forbid();
        }
        if (secrets.UnprotectPending(enrolment, user.Id) is not { } secret)
        {
            Message = "This page was open too long. Scan the new QR code and try again.";
            Offer(user, TotpCodes.NewSecret());
            return Page();
        }
        if (passwords.IsLockedOut(user))
        {
            Message = LoginMessages.LockedOut;
            Offer(user, secret);
            return Page();
        }
        if (user.MfaConfigured)
        {
            // The current code is a code step like the login's (SPEC rule 13): this minute's allowance of posts, the code,
            // a wrong one counted, and a right one that guesses beside it locked the account meanwhile opening nothing.
            var current = await passwords.CheckCodeAsync(user, () => users.TryAttempt(user),
                () => authenticator.VerifyAsync(user, currentCode, ct), UserSignIn.WebChannel, SignInFailure.WrongCurrentCode, ct);
            if (current.Outcome != CodeStepOutcome.Accepted)
            {
                (Message, RefusedField) = current.Outcome switch
                {
                    CodeStepOutcome.LockedOut => (LoginMessages.LockedOut, null),
                    CodeStepOutcome.TooManyAttempts => (LoginMessages.TooManyAttempts, null),
                    _ => ("The code from your current authenticator is not valid or was already used.", "CurrentCode"),
                };
                Offer(user, secret);
                return Page();
            }
        }
        if (await authenticator.ConfirmEnrolmentAsync(user, secret, code, ct) == TotpOutcome.Accepted)
        {
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.MfaConfigured, AuditOutcomes.Succeeded, null, ct);
            // A replaced authenticator may be in someone else's hands, and a first one makes sessions opened with the
            // password alone weaker than the user now asks for: the other sessions and API tokens end (SPEC rule 12),
            // this browser stays signed in.
            OtherSessionsEnded = await changes.EndWhatTheOldOneOpenedAsync(user.Id, User.FindFirst(BmsClaims.SessionId)?.Value, ct);
            Done = true;
            return Page();
        }
        Message = LoginMessages.WrongCode;
        RefusedField = "Code";
        Offer(user, secret);
        return Page();
    }

    private void Offer(BmsUser user, byte[] secret)
    {
        Replacing = user.MfaConfigured;
        Enrolment = secrets.ProtectPending(secret, user.Id);
        SecretKey = TotpCodes.ToBase32(secret);
        QrDataUri = AuthenticatorQr.PngDataUri(AuthenticatorQr.KeyUri(Issuer, $"{user.Tenant.Name}/{user.UserName}", secret));
    }
}
