using SsoSuite.Identity.Sessions;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>SPEC rule 9: when a failed back-channel delivery is tried again, and when it is given up.</summary>
public sealed class LogoutRetryScheduleTests
{
    private static readonly DateTimeOffset Ended = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly LogoutDeliveryOptions Options = new();

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(10, 3600)]
    public void Rule9_WaitsDoubleAfterEachFailure_UpToAnHour(int attempts, int seconds)
    {
        var (state, next) = LogoutRetrySchedule.Next(attempts, Ended, Ended, retryAfter: null, Options);

        Assert.Equal(LogoutDeliveryState.Retrying, state);
        Assert.Equal(Ended.AddSeconds(seconds), next);
    }

    [Fact]
    public void Rule9_ALongerRetryAfterFromTheClientIsHonoured()
    {
        var (_, next) = LogoutRetrySchedule.Next(1, Ended, Ended, TimeSpan.FromMinutes(10), Options);

        Assert.Equal(Ended.AddMinutes(10), next);
    }

    [Fact]
    public void Rule9_NoAttemptIsScheduledPastADayAfterTheEnd()
    {
        var late = Ended.AddHours(23.5);

        var (state, _) = LogoutRetrySchedule.Next(20, Ended, late, retryAfter: null, Options);

        Assert.Equal(LogoutDeliveryState.GivenUp, state);
    }
}
