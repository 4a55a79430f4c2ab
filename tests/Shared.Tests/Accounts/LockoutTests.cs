using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>SPEC rule 13 in the sign-in core: every failure counts, even in a burst, and a lockout ends on time.</summary>
public sealed class LockoutTests
{
    [Fact]
    public async Task Rule13_ParallelFailuresEachCount_NoneIsLostToARace()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 50);
        var id = await host.AddAccountAsync();

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            host.PasswordsAsync(id, (passwords, account) => passwords.RecordFailureAsync(account, "web", SignInFailure.WrongCode, default)))));

        Assert.Equal(12, (await host.ReadAsync(id)).FailedSignIns);
    }

    [Fact]
    public async Task Rule13_ALaterSaveOfTheSameRequestDoesNotWriteItsCopyOfTheCountBack()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 50);
        var id = await host.AddAccountAsync();

        // Request A counts a failure, B counts another, then A saves something else (BMS writes its audit
        // entry on the same context): A's held copy of the count must not overwrite B's.
        await host.RequestAsync(id, async (account, a) =>
        {
            await a.GetRequiredService<PasswordSignIn<TestAccount>>().RecordFailureAsync(account, "web", SignInFailure.WrongCode, default);
            await host.PasswordsAsync(id, (passwords, other) => passwords.RecordFailureAsync(other, "web", SignInFailure.WrongCode, default));
            return await a.GetRequiredService<TestStore>().SaveChangesAsync();
        });

        Assert.Equal(2, (await host.ReadAsync(id)).FailedSignIns);
    }

    [Fact]
    public async Task Rule13_FiveParallelWrongCodesLockTheAccount()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 5);
        var id = await host.AddAccountAsync();

        var locked = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            host.PasswordsAsync(id, (passwords, account) => passwords.RecordFailureAsync(account, "web", SignInFailure.WrongCode, default)))));

        var stored = await host.ReadAsync(id);
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(15), stored.LockoutEnd);
        Assert.Contains(true, locked);
        Assert.Single(host.Events.Recorded, e => e.StartsWith("locked until", StringComparison.Ordinal));
        Assert.Equal(5, host.Events.Recorded.Count(e => e == "failed: wrong code"));
    }

    [Fact]
    public async Task Rule13_ALockedAccountRefusesEvenTheRightPassword_UntilTheLockoutEnds()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 3);
        var id = await host.AddAccountAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.PasswordsAsync(id, (passwords, account) => passwords.CheckPasswordAsync(account, "wrong-password", "web", default));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(14));
        var during = await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, SignInCoreHost.Password, "web", default));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, SignInCoreHost.Password, "web", default));

        Assert.Equal(PasswordOutcome.LockedOut, during.Outcome);
        Assert.Equal(PasswordOutcome.Success, after.Outcome);
        Assert.Contains("refused: locked out", host.Events.Recorded);
    }

    [Fact]
    public async Task Rule13_UnknownAccountAndWrongPasswordGiveTheSameOutcome()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();

        var wrong = await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, "wrong-password", "web", default));
        var unknown = await host.PasswordsAsync(id, (p, _) => p.CheckPasswordAsync(null, "wrong-password", "web", default));

        Assert.Equal(PasswordOutcome.Failed, wrong.Outcome);
        Assert.Equal(PasswordOutcome.Failed, unknown.Outcome);
        Assert.Null(unknown.Account);
    }

    [Fact]
    public async Task Rule13_InactiveAccountIsRefusedOnlyAfterTheRightPassword()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync(a => a.IsActive = false);

        var wrong = await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, "wrong-password", "web", default));
        var right = await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, SignInCoreHost.Password, "web", default));

        Assert.Equal(PasswordOutcome.Failed, wrong.Outcome);
        Assert.Equal(PasswordOutcome.Inactive, right.Outcome);
    }

    [Fact]
    public async Task Rule13_ASuccessStartsTheCountAgain()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 3);
        var id = await host.AddAccountAsync();
        for (var i = 0; i < 2; i++)
        {
            await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, "wrong-password", "web", default));
        }

        await host.PasswordsAsync(id, async (p, a) => { await p.ResetFailuresAsync(a, default); return 0; });
        await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, "wrong-password", "web", default));

        var stored = await host.ReadAsync(id);
        Assert.Equal(1, stored.FailedSignIns);
        Assert.Null(stored.LockoutEnd);
    }

    /// <summary>
    /// A sign-in that completes while wrong guesses sent beside it lock the account (after its own re-check) starts the
    /// count again, but leaves the lock they wrote: the next attempt is refused.
    /// </summary>
    [Fact]
    public async Task Rule13_ASignInCompletingAsWrongGuessesBesideItLockTheAccount_LeavesTheLock()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 3);
        var id = await host.AddAccountAsync();
        for (var i = 0; i < 2; i++)
        {
            await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, "wrong-password", "web", default));
        }

        await host.PasswordsAsync(id, async (p, completing) =>
        {
            await host.PasswordsAsync(id, (beside, a) => beside.CheckPasswordAsync(a, "wrong-password", "web", default));
            await p.ResetFailuresAsync(completing, default);
            return 0;
        });

        var next = await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, SignInCoreHost.Password, "web", default));
        Assert.Equal(PasswordOutcome.LockedOut, next.Outcome);
    }
}
