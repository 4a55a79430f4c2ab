using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>SPEC rule 13: sign-in posts per account and minute, on a clock the test holds and moves.</summary>
public sealed class SignInAttemptLimitTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 10, TimeSpan.Zero));

    private SignInAttemptLimit Limit(int perMinute) => new(
        Options.Create(new SignInRateLimitOptions { SignInPostsPerAccountPerMinute = perMinute }), clock,
        NullLogger<SignInAttemptLimit>.Instance);

    [Fact]
    public void Rule13_AnAccountTakesOnlyItsPostsPerMinute_OthersKeepTheirs_AndTheNextMinuteStartsAgain()
    {
        var limit = Limit(perMinute: 3);

        var firstThree = Enumerable.Range(0, 3).Select(_ => limit.TryAttempt("ACME IT", "BOB")).ToList();
        clock.Advance(TimeSpan.FromSeconds(49));
        var fourth = limit.TryAttempt("ACME IT", "BOB");
        var otherUser = limit.TryAttempt("ACME IT", "ALICE");
        var sameNameElsewhere = limit.TryAttempt("GLOBEX SERVICES", "BOB");
        clock.Advance(TimeSpan.FromSeconds(1));
        var nextMinute = limit.TryAttempt("ACME IT", "BOB");

        Assert.All(firstThree, Assert.True);
        Assert.False(fourth);
        Assert.True(otherUser);
        Assert.True(sameNameElsewhere);
        Assert.True(nextMinute);
    }
}
