using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Mfa;

/// <summary>
/// SPEC rule 8: a BMS user's authenticator. Secrets are protected with Data Protection at rest; a code is
/// accepted once (the matched time step is recorded with a conditional update). Api users have none.
/// </summary>
public sealed class UserAuthenticator(BmsDbContext db, IDataProtectionProvider protection, TotpCodes totp)
{
    public const string Issuer = "BMS";
    private readonly IDataProtector protector = Protector(protection);

    public static IDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector("SsoSuite.Bms.Mfa.TotpSecret.v1");

    /// <summary>Only Api users cannot configure MFA (seed 000: OTP tokens are not generated on API users).</summary>
    public static bool MayConfigure(BmsUser user) => user.UserType != BmsUserType.Api;

    /// <summary>
    /// Forgets the user's authenticator (an admin's Reset MFA, or a change to the Api type): they configure a new
    /// one in My Profile. The last accepted step stays, so no code of the old secret's era can come back.
    /// </summary>
    public static void Reset(BmsUser user)
    {
        user.TotpSecret = null;
        user.PendingTotpSecret = null;
    }

    public async Task<byte[]> PendingSecretAsync(BmsUser user, CancellationToken ct)
    {
        if (user.PendingTotpSecret is { } existing)
        {
            return protector.Unprotect(Convert.FromBase64String(existing));
        }
        var secret = TotpCodes.NewSecret();
        user.PendingTotpSecret = Convert.ToBase64String(protector.Protect(secret));
        await db.SaveChangesAsync(ct);
        return secret;
    }

    public async Task<TotpOutcome> ConfirmAsync(BmsUser user, string? code, CancellationToken ct)
    {
        if (!MayConfigure(user) || user.PendingTotpSecret is not { } pending)
        {
            return TotpOutcome.Invalid;
        }
        var check = totp.Check(protector.Unprotect(Convert.FromBase64String(pending)), code, user.LastTotpStep);
        if (!check.IsAccepted)
        {
            return check.Outcome;
        }
        var updated = await db.Users
            .Where(u => u.Id == user.Id && u.PendingTotpSecret == pending && u.LastTotpStep < check.Step)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpSecret, pending)
                .SetProperty(u => u.PendingTotpSecret, (string?)null)
                .SetProperty(u => u.LastTotpStep, check.Step), ct);
        return updated == 0 ? TotpOutcome.Replayed : TotpOutcome.Accepted;
    }

    public async Task<TotpOutcome> VerifyAsync(BmsUser user, string? code, CancellationToken ct)
    {
        if (user.TotpSecret is not { } stored)
        {
            return TotpOutcome.Invalid;
        }
        var check = totp.Check(protector.Unprotect(Convert.FromBase64String(stored)), code, user.LastTotpStep);
        if (!check.IsAccepted)
        {
            return check.Outcome;
        }
        var updated = await db.Users.Where(u => u.Id == user.Id && u.LastTotpStep < check.Step)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, check.Step), ct);
        return updated == 0 ? TotpOutcome.Replayed : TotpOutcome.Accepted;
    }
}
