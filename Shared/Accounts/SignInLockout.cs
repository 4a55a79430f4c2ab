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
/// A success resets the count. The counting itself is <see cref="PasswordSignIn{TAccount}.RecordFailureAsync"/>.
/// </summary>
public static class SignInLockout
{
    public static bool IsLockedOut(DateTimeOffset? lockoutEnd, DateTimeOffset now) => lockoutEnd > now;

    /// <summary>True when this many failures in a row lock the account.</summary>
    public static bool Reached(int failedCount, SignInLockoutOptions options) => failedCount >= options.MaxFailedAttempts;
}
