using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>
/// SPEC rules 1 and 13: a sign-in under way (password accepted, code still to come) lives only as long as the password
/// it proved: a change or reset of that password ends it, as it ends the account's sessions.
/// </summary>
public sealed class PendingSignInTests
{
    private const string Scheme = "Pending";

    [Fact]
    public async Task Rule13_APasswordChangedAfterThePasswordStepEndsThePendingSignIn()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();
        var pending = PendingSignIn.From(PendingSignIn.For(await host.ReadAsync(id)).ToPrincipal(Scheme))!;
        Assert.True(pending.IsStillValidFor(await host.ReadAsync(id)));

        Assert.Equal(PasswordChangeOutcome.Changed, await host.PasswordsAsync(id, (p, a) =>
            p.ChangePasswordAsync(a, SignInCoreHost.Password, "My-Own-Secret-42", "My-Own-Secret-42", default)));

        Assert.False(pending.IsStillValidFor(await host.ReadAsync(id)));
    }

    [Fact]
    public void Rule13_AResetToTheVeryPasswordProvenEndsThePendingSignInToo()
    {
        // An administrator's reset stores a new salt, hence a new hash, even for the same password.
        var hasher = new PasswordHasher<TestAccount>();
        var account = new TestAccount();
        account.PasswordHash = hasher.HashPassword(account, SignInCoreHost.Password);
        var pending = PendingSignIn.For(account);

        account.PasswordHash = hasher.HashPassword(account, SignInCoreHost.Password);

        Assert.False(pending.IsStillValidFor(account));
    }

    [Fact]
    public void Rule1_APendingSignInKeepsItsAccountStampEnrolmentAndStepThroughTheCookie()
    {
        var account = new TestAccount { PasswordHash = "AQAAAAIAAYagAAAAEexample" };
        var pending = PendingSignIn.For(account, "protected-secret") with { CodeAccepted = true };

        var read = PendingSignIn.From(pending.ToPrincipal(Scheme));

        Assert.Equal(pending, read);
        Assert.True(read!.IsStillValidFor(account));
        Assert.False(read.IsStillValidFor(new TestAccount { PasswordHash = account.PasswordHash }));
    }

    [Fact]
    public void Rule1_APendingCookieWithoutAPasswordStampIsNoPendingSignIn()
    {
        var withoutStamp = new ClaimsPrincipal(new ClaimsIdentity([new Claim("pending_account", Guid.NewGuid().ToString())], Scheme));

        Assert.Null(PendingSignIn.From(withoutStamp));
    }
}
