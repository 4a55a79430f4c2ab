namespace SsoSuite.Shared.Accounts;

/// <summary>How many wrong passwords or codes in a row lock an account, and for how long.</summary>
public sealed class SignInLockoutOptions
{
    public const string Section = "Lockout";

    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// SPEC rule 13: every wrong password or code is a counted failure; after
/// <see cref="SignInLockoutOptions.MaxFailedAttempts"/> in a row the account is locked for a while.
/// A success resets the count.
/// </summary>
public static class SignInLockout
{
    public static bool IsLockedOut(DateTimeOffset? lockoutEnd, DateTimeOffset now) => lockoutEnd > now;

    /// <summary>The failure count and lockout end after one more failure.</summary>
    public static (int FailedCount, DateTimeOffset? LockoutEnd) AfterFailure(
        int failedCount, SignInLockoutOptions options, DateTimeOffset now)
    {
        var failures = failedCount + 1;
        return failures >= options.MaxFailedAttempts
            ? (0, now + options.Duration)
            : (failures, null);
    }
}
