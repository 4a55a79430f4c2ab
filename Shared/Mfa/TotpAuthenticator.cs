using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Data;

namespace SsoSuite.Shared.Mfa;

/// <summary>How an app protects its accounts' TOTP secrets at rest: its own Data Protection purpose.</summary>
public sealed class TotpSecretProtection<TAccount>(IDataProtectionProvider protection, string purpose)
    where TAccount : class, ISignInAccount
{
    private readonly IDataProtector protector = protection.CreateProtector(purpose);

    // An enrolment secret travels with one pending sign-in or one form until it is confirmed: bound to
    // the account and short-lived, so a copy taken elsewhere or later is worth nothing.
    private readonly ITimeLimitedDataProtector pending =
        protection.CreateProtector(purpose, "pending-enrolment").ToTimeLimitedDataProtector();

    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);

    public string Protect(byte[] secret) => Convert.ToBase64String(protector.Protect(secret));

    public byte[] Unprotect(string stored) => protector.Unprotect(Convert.FromBase64String(stored));

    public string ProtectPending(byte[] secret, Guid accountId) =>
        Convert.ToBase64String(pending.CreateProtector(accountId.ToString()).Protect(secret, PendingLifetime));

    /// <summary>The secret of an enrolment under way, or null when the text is not one made for this account (or it expired).</summary>
    public byte[]? UnprotectPending(string? text, Guid accountId)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 1024)
        {
            return null;
        }
        try
        {
            return pending.CreateProtector(accountId.ToString()).Unprotect(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// SPEC rules 1 and 8, once for both apps: enrolment of an authenticator and the code check. A code is
/// accepted once: the matched time step is recorded with a conditional update (<c>LastTotpStep &lt; step</c>),
/// so a replay, even a concurrent one, is refused.
/// <para>
/// An enrolment secret is made fresh for each attempt and kept by the caller with that attempt (the
/// pending sign-in, or the form), never on the account row until a code from it is confirmed: whoever
/// knows an initial password cannot read a secret in advance and wait for the owner to scan it.
/// </para>
/// </summary>
public sealed class TotpAuthenticator<TAccount>(DbContext db, TotpSecretProtection<TAccount> secrets, TotpCodes totp)
    where TAccount : class, ISignInAccount
{
    /// <summary>Checks a code of the account's authenticator and uses it up.</summary>
    public async Task<TotpOutcome> VerifyAsync(TAccount account, string? code, CancellationToken ct)
    {
        if (account.TotpSecret is not { } stored)
        {
            return TotpOutcome.Invalid;
        }
        var check = totp.Check(secrets.Unprotect(stored), code, account.LastTotpStep);
        if (!check.IsAccepted)
        {
            return check.Outcome;
        }
        var id = account.Id;
        var updated = await db.Set<TAccount>()
            .Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id
                        && EF.Property<long>(a, nameof(ISignInAccount.LastTotpStep)) < check.Step)
            .ExecuteUpdateAsync(s => s.SetProperty(a => EF.Property<long>(a, nameof(ISignInAccount.LastTotpStep)), check.Step), ct);
        if (updated == 0)
        {
            return TotpOutcome.Replayed;
        }
        db.Remember(account, nameof(ISignInAccount.LastTotpStep), check.Step);
        return TotpOutcome.Accepted;
    }

    /// <summary>
    /// Confirms an enrolment with a code from its new secret; only then does the secret become the account's.
    /// The write holds only while the account still has the authenticator the caller saw (none, for a first
    /// enrolment), so two enrolments racing, or one racing a reset, cannot both land.
    /// </summary>
    public async Task<TotpOutcome> ConfirmEnrolmentAsync(TAccount account, byte[] newSecret, string? code, CancellationToken ct)
    {
        var check = totp.Check(newSecret, code, lastAcceptedStep: 0);
        if (!check.IsAccepted)
        {
            return check.Outcome;
        }
        var id = account.Id;
        var replaced = account.TotpSecret;
        var protectedSecret = secrets.Protect(newSecret);
        var step = Math.Max(check.Step, account.LastTotpStep);
        var updated = await db.Set<TAccount>()
            .Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id
                        && EF.Property<string?>(a, nameof(ISignInAccount.TotpSecret)) == replaced)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => EF.Property<string?>(a, nameof(ISignInAccount.TotpSecret)), protectedSecret)
                .SetProperty(a => EF.Property<long>(a, nameof(ISignInAccount.LastTotpStep)), step), ct);
        if (updated == 0)
        {
            return TotpOutcome.Replayed;
        }
        db.Remember<TAccount, string?>(account, nameof(ISignInAccount.TotpSecret), protectedSecret);
        db.Remember(account, nameof(ISignInAccount.LastTotpStep), step);
        return TotpOutcome.Accepted;
    }

    /// <summary>Forgets the authenticator (an administrator's "Reset MFA"); the caller saves.</summary>
    public void Reset(TAccount account)
    {
        account.TotpSecret = null;
        account.LastTotpStep = 0;
    }
}
