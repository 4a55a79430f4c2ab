using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Tests.Accounts;

/// <summary>
/// SPEC rule 13: guesses sent in parallel all pass the lockout check before any of them is counted. Wrong ones may lock
/// the account while a right one is being verified; the right one then opens nothing. The code step is driven here with a
/// verification during which the wrong guesses beside it are counted, so the race is the same every run.
/// </summary>
public sealed class LockoutRaceTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Rule13_ARightCodeCheckedWhileWrongCodesBesideItLockTheAccount_OpensNothing()
    {
        var limit = factory.Services.GetRequiredService<IOptions<SignInLockoutOptions>>().Value.MaxFailedAttempts;

        var accepted = await CheckARightCodeAsync(await factory.CreateAsync(), wrongCodesBeside: limit - 1);
        var lockedMeanwhile = await CheckARightCodeAsync(await factory.CreateAsync(), wrongCodesBeside: limit);

        Assert.Equal(new CodeStep(CodeStepOutcome.Accepted), accepted);
        // Locked by the others' failures: this step counted none of its own.
        Assert.Equal(new CodeStep(CodeStepOutcome.LockedOut), lockedMeanwhile);
    }

    private async Task<CodeStep> CheckARightCodeAsync(string userName, int wrongCodesBeside)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var passwords = scope.ServiceProvider.GetRequiredService<PasswordSignIn<K1Account>>();
        var account = await AccountAsync(scope.ServiceProvider, userName);
        Assert.False(passwords.IsLockedOut(account));
        return await passwords.CheckCodeAsync(account, tryAttempt: () => true, verify: async () =>
        {
            await using var beside = factory.Services.CreateAsyncScope();
            var theirs = await AccountAsync(beside.ServiceProvider, userName);
            for (var i = 0; i < wrongCodesBeside; i++)
            {
                await beside.ServiceProvider.GetRequiredService<PasswordSignIn<K1Account>>()
                    .RecordFailureAsync(theirs, "web", SignInFailure.OfCode(replayed: false), CancellationToken.None);
            }
            return TotpOutcome.Accepted;
        }, "web", wrongCode: null, CancellationToken.None);
    }

    private static Task<K1Account> AccountAsync(IServiceProvider services, string userName) =>
        services.GetRequiredService<IdentityDbContext>().Accounts.SingleAsync(a => a.NormalizedUserName == K1Account.Normalize(userName));
}
