using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Mfa;

/// <summary>
/// SPEC rule 1: enrolment (a new secret shown as QR and base32, confirmed by a code) and the code step.
/// Secrets are protected with Data Protection at rest. A code is accepted once: the matched time step
/// is recorded with a conditional update, so a replay, even a concurrent one, is refused.
/// </summary>
public sealed class AccountAuthenticator(IdentityDbContext db, IDataProtectionProvider protection, TotpCodes totp)
{
    public const string Issuer = "KaseyaOne";
    private readonly IDataProtector protector = protection.CreateProtector("SsoSuite.Identity.Mfa.TotpSecret.v1");

    /// <summary>The secret to show on the enrolment page; the same one until it is confirmed.</summary>
    public async Task<byte[]> PendingSecretAsync(K1Account account, CancellationToken ct)
    {
        if (account.PendingTotpSecret is { } existing)
        {
            return protector.Unprotect(Convert.FromBase64String(existing));
        }
        var secret = TotpCodes.NewSecret();
        account.PendingTotpSecret = Convert.ToBase64String(protector.Protect(secret));
        await db.SaveChangesAsync(ct);
        return secret;
    }

    public static string AccountLabel(K1Account account) => $"{account.Tenant.Name}/{account.UserName}";

    /// <summary>Confirms enrolment with a code from the pending secret; on success the secret becomes the account's.</summary>
    public async Task<TotpOutcome> ConfirmEnrolmentAsync(K1Account account, string? code, CancellationToken ct)
    {
        if (account.PendingTotpSecret is not { } pending)
        {
            return TotpOutcome.Invalid;
        }
        var check = totp.Check(protector.Unprotect(Convert.FromBase64String(pending)), code, account.LastTotpStep);
        if (!check.IsAccepted)
        {
            return check.Outcome;
        }
        var updated = await db.Accounts
            .Where(a => a.Id == account.Id && a.PendingTotpSecret == pending && a.LastTotpStep < check.Step)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.TotpSecret, pending)
                .SetProperty(a => a.PendingTotpSecret, (string?)null)
                .SetProperty(a => a.LastTotpStep, check.Step), ct);
        if (updated == 0)
        {
            return TotpOutcome.Replayed;
        }
        await db.Entry(account).ReloadAsync(ct);
        return TotpOutcome.Accepted;
    }

    /// <summary>Checks a code of an enrolled account.</summary>
    public async Task<TotpOutcome> VerifyAsync(K1Account account, string? code, CancellationToken ct)
    {
        if (account.TotpSecret is not { } stored)
        {
            return TotpOutcome.Invalid;
        }
        var check = totp.Check(protector.Unprotect(Convert.FromBase64String(stored)), code, account.LastTotpStep);
        if (!check.IsAccepted)
        {
            return check.Outcome;
        }
        var updated = await db.Accounts
            .Where(a => a.Id == account.Id && a.LastTotpStep < check.Step)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastTotpStep, check.Step), ct);
        if (updated == 0)
        {
            return TotpOutcome.Replayed;
        }
        account.LastTotpStep = check.Step;
        db.Entry(account).Property(a => a.LastTotpStep).IsModified = false;
        return TotpOutcome.Accepted;
    }

    /// <summary>Forgets the authenticator: the next sign-in enrols again (K1 admin's "Reset MFA").</summary>
    public static void Reset(K1Account account)
    {
        account.TotpSecret = null;
        account.PendingTotpSecret = null;
        account.LastTotpStep = 0;
    }
}
