using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests;

/// <summary>SPEC rule 13: counted failures, lockout after repeated failures.</summary>
public sealed class SignInLockoutTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Rule13_TheFifthFailureInARowLocksForTheConfiguredDuration()
    {
        var options = new SignInLockoutOptions { MaxFailedAttempts = 5, Duration = TimeSpan.FromMinutes(15) };
        var failures = 0;
        DateTimeOffset? lockoutEnd = null;
        for (var i = 0; i < 4; i++)
        {
            (failures, lockoutEnd) = SignInLockout.AfterFailure(failures, options, Now);
            Assert.Null(lockoutEnd);
        }

        (failures, lockoutEnd) = SignInLockout.AfterFailure(failures, options, Now);

        Assert.Equal(Now.AddMinutes(15), lockoutEnd);
        Assert.Equal(0, failures);
        Assert.True(SignInLockout.IsLockedOut(lockoutEnd, Now.AddMinutes(14)));
        Assert.False(SignInLockout.IsLockedOut(lockoutEnd, Now.AddMinutes(15)));
        Assert.False(SignInLockout.IsLockedOut(null, Now));
    }
}
