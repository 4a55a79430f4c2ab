using SsoSuite.Shared.Mfa;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>SPEC rules 1 and 8 in the sign-in core: enrolment stored only when confirmed, each code accepted once.</summary>
public sealed class AuthenticatorTests
{
    [Fact]
    public async Task Rule1_AnEnrolmentSecretReachesTheAccountOnlyWhenAValidCodeConfirmsIt()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();
        var secret = TotpCodes.NewSecret();

        var wrong = await host.AuthenticatorAsync(id, (a, account) => a.ConfirmEnrolmentAsync(account, secret, "000000", default));
        Assert.Null((await host.ReadAsync(id)).TotpSecret);

        var code = TotpCodes.CodeAt(secret, host.Clock.GetUtcNow());
        var right = await host.AuthenticatorAsync(id, (a, account) => a.ConfirmEnrolmentAsync(account, secret, code, default));

        Assert.Equal(TotpOutcome.Invalid, wrong);
        Assert.Equal(TotpOutcome.Accepted, right);
        Assert.Equal(secret, host.Secrets.Unprotect((await host.ReadAsync(id)).TotpSecret!));
    }

    [Fact]
    public async Task Rule1_OfTwoEnrolmentsRacingForOneAccountOnlyOneLands()
    {
        await using var host = new SignInCoreHost();
        var id = await host.AddAccountAsync();
        var mine = TotpCodes.NewSecret();
        var theirs = TotpCodes.NewSecret();

        // Both requests read the account before either wrote: the second must not overwrite the first.
        var outcomes = await host.AuthenticatorAsync(id, (first, account) =>
            host.AuthenticatorAsync(id, async (second, sameAccount) => new[]
            {
                await first.ConfirmEnrolmentAsync(account, mine, TotpCodes.CodeAt(mine, host.Clock.GetUtcNow()), default),
                await second.ConfirmEnrolmentAsync(sameAccount, theirs, TotpCodes.CodeAt(theirs, host.Clock.GetUtcNow()), default),
            }));

        Assert.Equal([TotpOutcome.Accepted, TotpOutcome.Replayed], outcomes);
        Assert.Equal(mine, host.Secrets.Unprotect((await host.ReadAsync(id)).TotpSecret!));
    }

    [Fact]
    public async Task Rule1_ACodeIsAcceptedOnce_EvenWhenTwoRequestsRaceWithIt()
    {
        await using var host = new SignInCoreHost();
        var secret = TotpCodes.NewSecret();
        var id = await host.AddAccountAsync(a => a.TotpSecret = host.Secrets.Protect(secret));
        var code = TotpCodes.CodeAt(secret, host.Clock.GetUtcNow());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            host.AuthenticatorAsync(id, (a, account) => a.VerifyAsync(account, code, default)))));
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = await host.AuthenticatorAsync(id, (a, account) =>
            a.VerifyAsync(account, TotpCodes.CodeAt(secret, host.Clock.GetUtcNow()), default));

        Assert.Single(outcomes, o => o == TotpOutcome.Accepted);
        Assert.Equal(3, outcomes.Count(o => o == TotpOutcome.Replayed));
        Assert.Equal(TotpOutcome.Accepted, next);
    }

    [Fact]
    public async Task Rule1_APendingEnrolmentSecretOpensOnlyForTheAccountItWasMadeFor()
    {
        await using var host = new SignInCoreHost();
        var secret = TotpCodes.NewSecret();
        var owner = Guid.NewGuid();

        var carried = host.Secrets.ProtectPending(secret, owner);

        Assert.Equal(secret, host.Secrets.UnprotectPending(carried, owner));
        Assert.Null(host.Secrets.UnprotectPending(carried, Guid.NewGuid()));
        Assert.Null(host.Secrets.UnprotectPending("not-a-protected-secret", owner));
        Assert.Null(host.Secrets.UnprotectPending(host.Secrets.Protect(secret), owner));
    }
}
