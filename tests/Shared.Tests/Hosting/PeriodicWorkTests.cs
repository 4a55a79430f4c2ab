using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Tests.Hosting;

/// <summary>
/// Background work (the logout outbox, session expiry, pruning) ends quietly when the app stops: a stop while it waits
/// for its next run used to end it as a cancelled task, which the host logs as a failed background service (and, during
/// a start that failed for another reason, as a second, misleading error).
/// </summary>
public sealed class PeriodicWorkTests
{
    [Fact]
    public async Task Operations_StoppingTheAppWhileWorkWaitsForItsNextRunEndsTheWorkWithoutAFailure()
    {
        var clock = new FakeTimeProvider();
        using var work = new CountingWork(clock);

        await work.StartAsync(CancellationToken.None);
        await work.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await work.StopAsync(CancellationToken.None);

        Assert.Equal(TaskStatus.RanToCompletion, work.ExecuteTask!.Status);
        Assert.Equal(1, work.Runs);
    }

    private sealed class CountingWork(TimeProvider clock) : PeriodicWork(clock, NullLogger.Instance)
    {
        public TaskCompletionSource FirstRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs { get; private set; }

        protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

        public override Task RunOnceAsync(CancellationToken ct)
        {
            Runs++;
            FirstRun.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
