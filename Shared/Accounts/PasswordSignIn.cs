using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.Data;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Shared.Accounts;

public enum PasswordOutcome { Success, Failed, LockedOut, Inactive }

public sealed record PasswordCheck<TAccount>(PasswordOutcome Outcome, TAccount? Account) where TAccount : class, ISignInAccount;

/// <summary>What the code of a sign-in's second step (or an enrolment's first code) comes to.</summary>
public enum CodeStepOutcome { Accepted, LockedOut, TooManyAttempts, WrongCode }

/// <summary>
/// A code step's outcome, and the failure it counted against the account when it counted one (a wrong or replayed code,
/// also one that locked the account: <see cref="CodeStepOutcome.LockedOut"/> with a failure). An audit names it.
/// </summary>
public readonly record struct CodeStep(CodeStepOutcome Outcome, SignInFailure? Counted = null);

public enum PasswordChangeOutcome { Changed, WrongCurrentPassword, LockedOut, TooShort, TooLong, Mismatch, Unchanged }

/// <summary>What a <em>Change password</em> form says about each outcome.</summary>
public static class PasswordChanges
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 200;

    public static string? Problem(PasswordChangeOutcome outcome) => outcome switch
    {
        PasswordChangeOutcome.Changed => null,
        PasswordChangeOutcome.WrongCurrentPassword => "The current password is incorrect.",
        PasswordChangeOutcome.LockedOut => "Too many failed attempts. Try again later.",
        PasswordChangeOutcome.TooShort => $"Choose a password of at least {MinimumLength} characters.",
        PasswordChangeOutcome.TooLong => $"Choose a password of at most {MaximumLength} characters.",
        PasswordChangeOutcome.Mismatch => "The two new passwords do not match.",
        PasswordChangeOutcome.Unchanged => "Choose a password other than the one you have now.",
        _ => "The password was not changed.",
    };

    /// <summary>A changed password, and how many other sessions that ended.</summary>
    public static string Done(int otherSessionsEnded) => "Your password was changed." + OtherSessionsEnded(otherSessionsEnded);

    /// <summary>
    /// What a changed credential (a password, an authenticator) ended besides: nothing to say, or a sentence with its
    /// leading space, to follow the one that says what changed.
    /// </summary>
    public static string OtherSessionsEnded(int count) => count switch
    {
        0 => "",
        1 => " Your other session was signed out.",
        var n => $" Your {n} other sessions were signed out.",
    };
}

/// <summary>
/// The password step of a sign-in, the failure counting shared with the code step (SPEC rule 13), and
/// changing a password — once for both apps, against <see cref="ISignInAccount"/>. Each app finds the
/// account its own way (company + username) and hands it here, or null when there is none.
/// </summary>
public sealed class PasswordSignIn<TAccount>(
    DbContext db,
    IPasswordHasher<TAccount> hasher,
    IOptions<SignInLockoutOptions> lockout,
    IEnumerable<ISignInEvents<TAccount>> events,
    SignInMetrics metrics,
    TimeProvider clock,
    ILogger<PasswordSignIn<TAccount>> logger)
    where TAccount : class, ISignInAccount
{
    // Verified against when the account does not exist, so that a miss takes as long as a hit.
    private static readonly string DummyHash =
        new PasswordHasher<TAccount>().HashPassword(null!, "not-a-password-" + Guid.NewGuid());

    /// <summary>
    /// Unknown account and wrong password look the same to the caller and cost the same hashing time, so
    /// the form reveals nothing. <paramref name="channel"/> names the door (web, API) in logs and events.
    /// </summary>
    public async Task<PasswordCheck<TAccount>> CheckPasswordAsync(
        TAccount? account, string password, string channel, CancellationToken ct)
    {
        if (account is null)
        {
            ServerTiming.Cpu(() => hasher.VerifyHashedPassword(null!, DummyHash, password));
            // Refusals are people mistyping, or an account an admin closed: Information, since each is audited and
            // counted (signin.failures); the lockout that repeated failures lead to is the Warning.
            logger.LogInformation("Sign-in failed ({Channel}): unknown account", channel);
            metrics.Failed(SignInFailure.UnknownAccount, channel);
            return new(PasswordOutcome.Failed, null);
        }
        if (IsLockedOut(account))
        {
            logger.LogInformation("Sign-in refused ({Channel}): account {AccountId} is locked out", channel, account.Id);
            metrics.Failed(SignInFailure.LockedOut, channel);
            await RaiseAsync(e => e.RefusedAsync(account, channel, SignInFailure.LockedOut.Reason, ct));
            return new(PasswordOutcome.LockedOut, account);
        }

        var verdict = ServerTiming.Cpu(() => hasher.VerifyHashedPassword(account, account.PasswordHash, password));
        if (verdict == PasswordVerificationResult.Failed)
        {
            logger.LogInformation("Sign-in failed ({Channel}): wrong password for account {AccountId}", channel, account.Id);
            var locked = await RecordFailureAsync(account, channel, SignInFailure.WrongPassword, ct);
            return new(locked ? PasswordOutcome.LockedOut : PasswordOutcome.Failed, account);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await StorePasswordHashAsync(account, hasher.HashPassword(account, password), account.MustChangePassword, ct);
        }
        if (!account.IsActive)
        {
            logger.LogInformation("Sign-in refused ({Channel}): account {AccountId} is inactive", channel, account.Id);
            metrics.Failed(SignInFailure.Inactive, channel);
            await RaiseAsync(e => e.RefusedAsync(account, channel, SignInFailure.Inactive.Reason, ct));
            return new(PasswordOutcome.Inactive, account);
        }
        logger.LogInformation("Password accepted ({Channel}) for account {AccountId}", channel, account.Id);
        return new(PasswordOutcome.Success, account);
    }

    public bool IsLockedOut(TAccount account) => SignInLockout.IsLockedOut(account.LockoutEnd, clock.GetUtcNow());

    /// <summary>
    /// Whether the account is locked in the store now. The lock is checked before a code is verified, and guesses sent in
    /// parallel all pass that check before any of them is counted: wrong ones may lock the account while a right one is
    /// being verified. A right code that comes in after the lockout opens nothing (SPEC rule 13), so it is asked again,
    /// from the store, before anything is issued.
    /// </summary>
    public async Task<bool> IsLockedOutInStoreAsync(TAccount account, CancellationToken ct)
    {
        var id = account.Id;
        var end = await db.Set<TAccount>().Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id)
            .Select(a => EF.Property<DateTimeOffset?>(a, nameof(ISignInAccount.LockoutEnd))).SingleAsync(ct);
        Remember(account, nameof(ISignInAccount.LockoutEnd), end);
        return SignInLockout.IsLockedOut(end, clock.GetUtcNow());
    }

    /// <summary>
    /// The code step, in its order (SPEC rules 1 and 13): a locked account is refused before anything is counted; then
    /// the account's allowance of posts this minute (<paramref name="tryAttempt"/>, which counts one), so that a burst of
    /// guesses is slowed before the lockout counts; then the code (<paramref name="verify"/>), a wrong or replayed one
    /// counting as a failure that may lock the account. Each page, and BMS's API token endpoint, turns the outcome into
    /// its own answer.
    /// </summary>
    /// <param name="wrongCode">
    /// What a wrong code counts as when it is not a sign-in's own code (whose kind, wrong or replayed, the counted failure
    /// says): the first code of a new authenticator, or the current authenticator's code when it is replaced.
    /// </param>
    public async Task<CodeStep> CheckCodeAsync(TAccount account, Func<bool> tryAttempt, Func<Task<TotpOutcome>> verify,
        string channel, SignInFailure? wrongCode, CancellationToken ct)
    {
        if (IsLockedOut(account))
        {
            return new(CodeStepOutcome.LockedOut);
        }
        if (!tryAttempt())
        {
            return new(CodeStepOutcome.TooManyAttempts);
        }
        var outcome = await verify();
        if (outcome == TotpOutcome.Accepted)
        {
            return new(await IsLockedOutInStoreAsync(account, ct) ? CodeStepOutcome.LockedOut : CodeStepOutcome.Accepted);
        }
        var failure = wrongCode ?? SignInFailure.OfCode(outcome == TotpOutcome.Replayed);
        return new(await RecordFailureAsync(account, channel, failure, ct) ? CodeStepOutcome.LockedOut : CodeStepOutcome.WrongCode, failure);
    }

    /// <summary>
    /// Counts one failure (password or code); returns true when the account is now locked. The count is
    /// incremented in the database (<c>SET FailedSignIns = FailedSignIns + 1</c>) and read back, so N
    /// failures racing each other count N: a read-then-write would let a burst of parallel guesses count
    /// as one and slip past the limit.
    /// </summary>
    public async Task<bool> RecordFailureAsync(TAccount account, string channel, SignInFailure failure, CancellationToken ct)
    {
        metrics.Failed(failure, channel);
        var id = account.Id;
        var accounts = db.Set<TAccount>();
        await accounts.Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id)
            .ExecuteUpdateAsync(s => s.SetProperty(
                a => EF.Property<int>(a, nameof(ISignInAccount.FailedSignIns)),
                a => EF.Property<int>(a, nameof(ISignInAccount.FailedSignIns)) + 1), ct);
        var failures = await accounts.Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id)
            .Select(a => EF.Property<int>(a, nameof(ISignInAccount.FailedSignIns))).SingleAsync(ct);
        Remember(account, nameof(ISignInAccount.FailedSignIns), failures);
        await RaiseAsync(e => e.FailedAsync(account, channel, failure.Reason, ct));
        if (!SignInLockout.Reached(failures, lockout.Value))
        {
            return false;
        }

        var until = clock.GetUtcNow() + lockout.Value.Duration;
        var max = lockout.Value.MaxFailedAttempts;
        // Only the request that still sees the limit reached starts the lockout; racing ones find the
        // count already reset and the account locked, which is what they report.
        var started = await accounts
            .Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id
                        && EF.Property<int>(a, nameof(ISignInAccount.FailedSignIns)) >= max)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => EF.Property<int>(a, nameof(ISignInAccount.FailedSignIns)), 0)
                .SetProperty(a => EF.Property<DateTimeOffset?>(a, nameof(ISignInAccount.LockoutEnd)), until), ct);
        Remember(account, nameof(ISignInAccount.FailedSignIns), 0);
        if (started > 0)
        {
            Remember<DateTimeOffset?>(account, nameof(ISignInAccount.LockoutEnd), until);
            logger.LogWarning("Account {AccountId} locked out until {LockoutEnd}", id, until);
            metrics.LockedOut(channel);
            await RaiseAsync(e => e.LockedOutAsync(account, until, ct));
        }
        return true;
    }

    /// <summary>
    /// A completed sign-in starts the count again. The lockout's end is left as it is: a past one locks nothing, and one
    /// that wrong codes sent beside this sign-in wrote a moment ago (after its re-check, <see cref="IsLockedOutInStoreAsync"/>)
    /// must not be erased by it (SPEC rule 13).
    /// </summary>
    public async Task ResetFailuresAsync(TAccount account, CancellationToken ct)
    {
        if (account.FailedSignIns == 0)
        {
            return;
        }
        var id = account.Id;
        await db.Set<TAccount>().Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => EF.Property<int>(a, nameof(ISignInAccount.FailedSignIns)), 0), ct);
        Remember(account, nameof(ISignInAccount.FailedSignIns), 0);
    }

    /// <summary>
    /// <em>Change password</em>: the current password, then the new one twice. A wrong current password
    /// is a counted failure like any other (SPEC rule 13). A change clears <see cref="ISignInAccount.MustChangePassword"/>.
    /// </summary>
    public async Task<PasswordChangeOutcome> ChangePasswordAsync(
        TAccount account, string? current, string? newPassword, string? confirmation, CancellationToken ct) =>
        await ConfirmCurrentPasswordAsync(account, current, ct) ?? await ChooseAsync(account, newPassword, confirmation, ct);

    /// <summary>
    /// The signed-in owner proves it again before a change others rely on (the password, the email address): null when
    /// <paramref name="current"/> is the account's password; else why not. A wrong one is a counted failure like any
    /// other (SPEC rule 13), so a stolen session cannot guess it freely.
    /// </summary>
    public async Task<PasswordChangeOutcome?> ConfirmCurrentPasswordAsync(TAccount account, string? current, CancellationToken ct)
    {
        if (IsLockedOut(account))
        {
            return PasswordChangeOutcome.LockedOut;
        }
        if (string.IsNullOrEmpty(current) || current.Length > PasswordChanges.MaximumLength
            || hasher.VerifyHashedPassword(account, account.PasswordHash, current) == PasswordVerificationResult.Failed)
        {
            return await RecordFailureAsync(account, "web", SignInFailure.WrongCurrentPassword, ct)
                ? PasswordChangeOutcome.LockedOut
                : PasswordChangeOutcome.WrongCurrentPassword;
        }
        return null;
    }

    /// <summary>
    /// The forced change at the first sign-in of an account an administrator created: the password was just
    /// proven in this sign-in, so only the new one is asked for, twice, and it must differ from the given one.
    /// </summary>
    public Task<PasswordChangeOutcome> ChooseOwnPasswordAsync(
        TAccount account, string? newPassword, string? confirmation, CancellationToken ct) =>
        ChooseAsync(account, newPassword, confirmation, ct);

    /// <summary>Stores a password an administrator chose: its owner must change it at the next sign-in.</summary>
    public void SetInitialPassword(TAccount account, string password)
    {
        account.PasswordHash = hasher.HashPassword(account, password);
        account.MustChangePassword = true;
    }

    private async Task<PasswordChangeOutcome> ChooseAsync(
        TAccount account, string? newPassword, string? confirmation, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(newPassword) || newPassword.Length < PasswordChanges.MinimumLength)
        {
            return PasswordChangeOutcome.TooShort;
        }
        if (newPassword.Length > PasswordChanges.MaximumLength)
        {
            return PasswordChangeOutcome.TooLong;
        }
        if (!string.Equals(newPassword, confirmation, StringComparison.Ordinal))
        {
            return PasswordChangeOutcome.Mismatch;
        }
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, newPassword) != PasswordVerificationResult.Failed)
        {
            return PasswordChangeOutcome.Unchanged;
        }
        await StorePasswordHashAsync(account, hasher.HashPassword(account, newPassword), mustChange: false, ct);
        logger.LogInformation("Password changed for account {AccountId}", account.Id);
        return PasswordChangeOutcome.Changed;
    }

    private async Task StorePasswordHashAsync(TAccount account, string hash, bool mustChange, CancellationToken ct)
    {
        var id = account.Id;
        await db.Set<TAccount>().Where(a => EF.Property<Guid>(a, nameof(ISignInAccount.Id)) == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => EF.Property<string>(a, nameof(ISignInAccount.PasswordHash)), hash)
                .SetProperty(a => EF.Property<bool>(a, nameof(ISignInAccount.MustChangePassword)), mustChange), ct);
        Remember(account, nameof(ISignInAccount.PasswordHash), hash);
        Remember(account, nameof(ISignInAccount.MustChangePassword), mustChange);
    }

    private void Remember<T>(TAccount account, string property, T value) => db.Remember(account, property, value);

    private async Task RaiseAsync(Func<ISignInEvents<TAccount>, Task> raise)
    {
        foreach (var handler in events)
        {
            await raise(handler);
        }
    }
}
