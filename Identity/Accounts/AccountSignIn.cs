using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Identity.Accounts;

public enum PasswordOutcome { Success, Failed, LockedOut, Inactive }

public sealed record PasswordCheck(PasswordOutcome Outcome, K1Account? Account);

/// <summary>
/// The password step of a KaseyaOne sign-in (company + username + password) and the failure counting
/// shared with the code step. Unknown company, unknown user and wrong password look the same to the
/// caller, and cost the same hashing time, so the form reveals nothing (SPEC rule 13).
/// </summary>
public sealed class AccountSignIn(
    IdentityDbContext db,
    IPasswordHasher<K1Account> hasher,
    IOptions<SignInLockoutOptions> lockout,
    TimeProvider clock,
    ILogger<AccountSignIn> logger)
{
    // Verified against when the account does not exist, so that a miss takes as long as a hit.
    private static readonly string DummyHash =
        new PasswordHasher<K1Account>().HashPassword(null!, "not-a-password-" + Guid.NewGuid());

    public async Task<PasswordCheck> CheckPasswordAsync(
        string company, string userName, string password, CancellationToken ct)
    {
        var tenantName = K1Tenant.Normalize(company);
        var normalizedUser = K1Account.Normalize(userName);
        var account = await db.Accounts.Include(a => a.Tenant)
            .SingleOrDefaultAsync(a => a.Tenant.NormalizedName == tenantName && a.NormalizedUserName == normalizedUser, ct);

        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash, password);
            logger.LogWarning("Sign-in failed: unknown account {Company}/{UserName}", company, userName);
            return new PasswordCheck(PasswordOutcome.Failed, null);
        }
        if (SignInLockout.IsLockedOut(account.LockoutEnd, clock.GetUtcNow()))
        {
            logger.LogWarning("Sign-in refused: account {AccountId} is locked out", account.Id);
            return new PasswordCheck(PasswordOutcome.LockedOut, account);
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await RecordFailureAsync(account, ct);
            logger.LogWarning("Sign-in failed: wrong password for account {AccountId}", account.Id);
            return new PasswordCheck(locked ? PasswordOutcome.LockedOut : PasswordOutcome.Failed, account);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
            await db.SaveChangesAsync(ct);
        }
        if (!account.IsActive)
        {
            logger.LogWarning("Sign-in refused: account {AccountId} is inactive", account.Id);
            return new PasswordCheck(PasswordOutcome.Inactive, account);
        }
        logger.LogInformation("Password accepted for account {AccountId}; code step next", account.Id);
        return new PasswordCheck(PasswordOutcome.Success, account);
    }

    public bool IsLockedOut(K1Account account) => SignInLockout.IsLockedOut(account.LockoutEnd, clock.GetUtcNow());

    /// <summary>
    /// Counts one failure (password or code); returns true when it locked the account. The count is added to in
    /// the store, not written back from what this request read, so that failures counted at the same moment by
    /// other requests or other instances add up (SPEC rule 13): five wrong passwords lock the account however
    /// they are spread.
    /// </summary>
    public async Task<bool> RecordFailureAsync(K1Account account, CancellationToken ct)
    {
        var options = lockout.Value;
        var accounts = db.Accounts.Where(a => a.Id == account.Id);
        await accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var lockoutEnd = clock.GetUtcNow() + options.Duration;
        var locked = await accounts.Where(a => a.FailedSignIns >= options.MaxFailedAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockoutEnd, lockoutEnd), ct) > 0;
        await db.Entry(account).ReloadAsync(ct);
        if (locked)
        {
            logger.LogWarning("Account {AccountId} locked out until {LockoutEnd}", account.Id, lockoutEnd);
        }
        return locked;
    }

    public async Task ResetFailuresAsync(K1Account account, CancellationToken ct)
    {
        if (account.FailedSignIns != 0 || account.LockoutEnd is not null)
        {
            account.FailedSignIns = 0;
            account.LockoutEnd = null;
            await db.SaveChangesAsync(ct);
        }
    }

    public Task<K1Account?> FindAsync(Guid accountId, CancellationToken ct) =>
        db.Accounts.Include(a => a.Tenant).SingleOrDefaultAsync(a => a.Id == accountId, ct);
}
