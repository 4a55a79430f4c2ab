using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>Change password and the forced change of an administrator-chosen password (SPEC rules 13 and 15).</summary>
public sealed class PasswordChangeTests
{
    private const string NewPassword = "My-Own-Secret-42";

    [Theory]
    [InlineData("short", "short", PasswordChangeOutcome.TooShort)]
    [InlineData(NewPassword, "My-Own-Secret-43", PasswordChangeOutcome.Mismatch)]
    [InlineData(SignInCoreHost.Password, SignInCoreHost.Password, PasswordChangeOutcome.Unchanged)]
    public async Task ChangePassword_RefusesAWeakMismatchedOrUnchangedPassword_AndKeepsTheOldOne(
        string newPassword, string confirmation, PasswordChangeOutcome expected)
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();

        var outcome = await host.PasswordsAsync(id, (p, a) =>
            p.ChangePasswordAsync(a, SignInCoreHost.Password, newPassword, confirmation, default));

        Assert.Equal(expected, outcome);
        Assert.Equal(PasswordOutcome.Success,
            (await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, SignInCoreHost.Password, "web", default))).Outcome);
    }

    [Fact]
    public async Task Rule13_AWrongCurrentPasswordIsACountedFailure()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();

        var outcome = await host.PasswordsAsync(id, (p, a) => p.ChangePasswordAsync(a, "wrong-password", NewPassword, NewPassword, default));

        Assert.Equal(PasswordChangeOutcome.WrongCurrentPassword, outcome);
        Assert.Equal(1, (await host.ReadAsync(id)).FailedSignIns);
    }

    [Fact]
    public async Task Rule15_ChoosingOwnPasswordReplacesTheInitialOne_AndClearsTheFlag()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync(a => a.MustChangePassword = true);

        var outcome = await host.PasswordsAsync(id, (p, a) => p.ChooseOwnPasswordAsync(a, NewPassword, NewPassword, default));

        Assert.Equal(PasswordChangeOutcome.Changed, outcome);
        Assert.False((await host.ReadAsync(id)).MustChangePassword);
        Assert.Equal(PasswordOutcome.Failed,
            (await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, SignInCoreHost.Password, "web", default))).Outcome);
        Assert.Equal(PasswordOutcome.Success,
            (await host.PasswordsAsync(id, (p, a) => p.CheckPasswordAsync(a, NewPassword, "web", default))).Outcome);
    }
}
