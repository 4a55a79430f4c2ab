using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Tests.Hosting;

/// <summary>
/// A server hands back the memory a burst of work left it holding once it goes quiet, once per quiet spell, and never
/// while it works: what an operator sees as the app's memory between bursts (the benchmark's memory targets).
/// </summary>
public sealed class IdleMemoryTrimTests
{
    private static readonly TimeSpan Quiet = IdleMemoryTrim.Interval * IdleMemoryTrim.QuietCpuShare / 2;
    private static readonly TimeSpan Busy = IdleMemoryTrim.Interval / 4;
    private static readonly TimeSpan TrimCost = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Operations_MemoryIsHandedBackOnceWhenTheAppGoesQuietAfterWork_NeverWhileItWorksOrStaysIdle()
    {
        var clock = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        var trims = 0;
        var looked = new SemaphoreSlim(0);
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new IdleMemoryTrim(clock, NullLogger.Instance, () => Read(cpu, watching), () =>
        {
            trims++;
            // A compacting collection costs CPU of its own, which must not read as work in the next interval.
            cpu += TrimCost;
        }, () => looked.Release());
        await service.StartAsync(CancellationToken.None);
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(30));

        async Task<int> Interval(TimeSpan used)
        {
            cpu += used;
            clock.Advance(IdleMemoryTrim.Interval);
            Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(30)), "The interval was not looked at.");
            return trims;
        }

        Assert.Equal(0, await Interval(Quiet));   // idle from the start: nothing was used, nothing to hand back
        Assert.Equal(0, await Interval(Busy));    // working
        Assert.Equal(0, await Interval(Busy));
        Assert.Equal(1, await Interval(Quiet));   // quiet after work: handed back
        Assert.Equal(1, await Interval(Quiet));   // still quiet: once per quiet spell
        Assert.Equal(1, await Interval(TimeSpan.Zero));
        Assert.Equal(1, await Interval(Busy));    // the next burst
        Assert.Equal(2, await Interval(Quiet));

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(TaskStatus.RanToCompletion, service.ExecuteTask!.Status);
    }

    [Fact]
    public async Task Operations_AFailedTrimIsLogged_AndTheAppGoesOn()
    {
        var clock = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        var logger = new FakeLogger();
        var looked = new SemaphoreSlim(0);
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new IdleMemoryTrim(clock, logger, () => Read(cpu, watching), () => throw new InvalidOperationException("no"),
            () => looked.Release());
        await service.StartAsync(CancellationToken.None);
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(30));

        cpu += Busy;
        clock.Advance(IdleMemoryTrim.Interval);
        Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(30)));
        clock.Advance(IdleMemoryTrim.Interval);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TaskStatus.RanToCompletion, service.ExecuteTask.Status);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        await service.StopAsync(CancellationToken.None);
    }

    /// <summary>The service reads the CPU time first once its timer runs: the clock may be moved on from then.</summary>
    private static TimeSpan Read(TimeSpan cpu, TaskCompletionSource watching)
    {
        watching.TrySetResult();
        return cpu;
    }
}
