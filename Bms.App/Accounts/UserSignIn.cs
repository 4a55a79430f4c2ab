using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Bms.Accounts;

public enum PasswordOutcome { Success, Failed, LockedOut, Inactive }

public sealed record PasswordCheck(PasswordOutcome Outcome, BmsUser? User);

/// <summary>
/// The password step of a BMS sign-in (company + username + password), used by the login page and the
/// integration API, and the failure counting shared with the code step. Unknown company, unknown user
/// and wrong password look the same to the caller and cost the same hashing time (SPEC rule 13).
/// </summary>
public sealed class UserSignIn(
    BmsDbContext db,
    IPasswordHasher<BmsUser> hasher,
    IOptions<SignInLockoutOptions> lockout,
    AuditLog audit,
    TimeProvider clock,
    ILogger<UserSignIn> logger)
{
    // Verified against when the user does not exist, so that a miss takes as long as a hit.
    private static readonly string DummyHash =
        new PasswordHasher<BmsUser>().HashPassword(null!, "not-a-password-" + Guid.NewGuid());

    public async Task<PasswordCheck> CheckPasswordAsync(
        string company, string userName, string password, string channel, CancellationToken ct)
    {
        var tenantName = BmsTenant.Normalize(company);
        var normalizedUser = BmsUser.Normalize(userName);
        var user = await db.Users.Include(u => u.Tenant)
            .SingleOrDefaultAsync(u => u.Tenant.NormalizedName == tenantName && u.NormalizedUserName == normalizedUser, ct);

        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash, password);
            logger.LogWarning("Sign-in failed ({Channel}): unknown user {Company}/{UserName}", channel, company, userName);
            return new PasswordCheck(PasswordOutcome.Failed, null);
        }
        if (IsLockedOut(user))
        {
            logger.LogWarning("Sign-in refused ({Channel}): user {UserId} is locked out", channel, user.Id);
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.SignIn, AuditOutcomes.Refused, $"{channel}: locked out", ct);
            return new PasswordCheck(PasswordOutcome.LockedOut, user);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await RecordFailureAsync(user, channel, "wrong password", ct);
            logger.LogWarning("Sign-in failed ({Channel}): wrong password for user {UserId}", channel, user.Id);
            return new PasswordCheck(locked ? PasswordOutcome.LockedOut : PasswordOutcome.Failed, user);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(ct);
        }
        if (!user.IsActive)
        {
            logger.LogWarning("Sign-in refused ({Channel}): user {UserId} is inactive", channel, user.Id);
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.SignIn, AuditOutcomes.Refused, $"{channel}: inactive user", ct);
            return new PasswordCheck(PasswordOutcome.Inactive, user);
        }
        logger.LogInformation("Password accepted ({Channel}) for user {UserId}", channel, user.Id);
        return new PasswordCheck(PasswordOutcome.Success, user);
    }

    public bool IsLockedOut(BmsUser user) => SignInLockout.IsLockedOut(user.LockoutEnd, clock.GetUtcNow());

    /// <summary>Counts one failure (password or code); returns true when it locked the user out.</summary>
    public async Task<bool> RecordFailureAsync(BmsUser user, string channel, string reason, CancellationToken ct)
    {
        var (failures, lockoutEnd) = SignInLockout.AfterFailure(user.FailedSignIns, lockout.Value, clock.GetUtcNow());
        user.FailedSignIns = failures;
        user.LockoutEnd = lockoutEnd;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(user.TenantId, user.Id, AuditActions.SignIn, AuditOutcomes.Failed, $"{channel}: {reason}", ct);
        if (lockoutEnd is not null)
        {
            logger.LogWarning("User {UserId} locked out until {LockoutEnd}", user.Id, lockoutEnd);
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.Lockout, AuditOutcomes.Refused, $"locked until {lockoutEnd:u}", ct);
        }
        return lockoutEnd is not null;
    }

    public async Task ResetFailuresAsync(BmsUser user, CancellationToken ct)
    {
        if (user.FailedSignIns != 0 || user.LockoutEnd is not null)
        {
            user.FailedSignIns = 0;
            user.LockoutEnd = null;
            await db.SaveChangesAsync(ct);
        }
    }

    public Task<BmsUser?> FindAsync(Guid userId, CancellationToken ct) =>
        db.Users.Include(u => u.Tenant).SingleOrDefaultAsync(u => u.Id == userId, ct);
}
