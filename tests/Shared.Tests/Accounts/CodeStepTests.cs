using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>SPEC rules 1 and 13 at the code step both apps share: what is checked, in which order, and what counts.</summary>
public sealed class CodeStepTests
{
    [Fact]
    public async Task Rule13_ALockedAccountsCodeIsRefused_BeforeItsAllowanceIsCountedOrTheCodeChecked()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 1);
        var id = await host.AddAccountAsync();
        await host.PasswordsAsync(id, (passwords, account) => passwords.RecordFailureAsync(account, "web", SignInFailure.WrongCode, default));
        var asked = new List<string>();

        var outcome = await host.PasswordsAsync(id, (passwords, account) => passwords.CheckCodeAsync(account,
            () => { asked.Add("allowance"); return true; }, () => { asked.Add("code"); return Task.FromResult(TotpOutcome.Accepted); },
            "web", wrongCode: null, default));

        Assert.Equal(new CodeStep(CodeStepOutcome.LockedOut), outcome);
        Assert.Empty(asked);
    }

    [Fact]
    public async Task Rule13_PastTheAccountsAllowanceTheCodeIsNotChecked_AndNoFailureCounts()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();
        var checkedCode = false;

        var outcome = await host.PasswordsAsync(id, (passwords, account) => passwords.CheckCodeAsync(account, () => false,
            () => { checkedCode = true; return Task.FromResult(TotpOutcome.Accepted); }, "web", wrongCode: null, default));

        Assert.Equal(new CodeStep(CodeStepOutcome.TooManyAttempts), outcome);
        Assert.False(checkedCode);
        Assert.Equal(0, (await host.ReadAsync(id)).FailedSignIns);
    }

    [Fact]
    public async Task Rule13_AReplayedCodeCountsAsAFailure_AndTheFailureThatReachesTheLimitLocksTheAccount()
    {
        await using var host = new SignInCoreHost(maxFailedAttempts: 2);
        var id = await host.AddAccountAsync();
        Task<CodeStep> Replay() => host.PasswordsAsync(id, (passwords, account) => passwords.CheckCodeAsync(account, () => true,
            () => Task.FromResult(TotpOutcome.Replayed), "web", wrongCode: null, default));

        var first = await Replay();
        var second = await Replay();

        // Each step names the failure it counted, the one that locked the account included (an audit names it).
        Assert.Equal(new CodeStep(CodeStepOutcome.WrongCode, SignInFailure.ReplayedCode), first);
        Assert.Equal(new CodeStep(CodeStepOutcome.LockedOut, SignInFailure.ReplayedCode), second);
        Assert.Contains("failed: replayed code", host.Events.Recorded);
        Assert.NotNull((await host.ReadAsync(id)).LockoutEnd);
    }
}
