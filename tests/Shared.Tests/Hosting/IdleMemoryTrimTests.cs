using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Tests.Hosting;

/// <summary>
/// A server hands back the memory a burst of work left it holding once it has gone quiet, once per quiet spell, and
/// never while it works or between the requests of light, steady traffic: what an operator sees as the app's memory
/// between bursts (the benchmark's memory targets).
/// </summary>
public sealed class IdleMemoryTrimTests
{
    private static readonly TimeSpan Quiet = IdleMemoryTrim.Interval * IdleMemoryTrim.QuietCpuShare / 2;
    private static readonly TimeSpan Busy = IdleMemoryTrim.Interval / 4;
    private static readonly TimeSpan TrimCost = TimeSpan.FromMilliseconds(300);

    /// <summary>An instance on a fake clock and CPU time, counting its trims; each trim costs <see cref="TrimCost"/> of CPU.</summary>
    private sealed class Instance : IDisposable
    {
        private readonly SemaphoreSlim looked = new(0);
        private readonly TaskCompletionSource watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Instance(FakeTimeProvider clock, Func<TimeSpan> cpu, Action spendCpu, IdleMemoryTrim.TrimCpu trimCpu, ILogger? logger = null,
            Action? trim = null)
        {
            Service = new IdleMemoryTrim(clock, logger ?? NullLogger.Instance, () =>
            {
                watching.TrySetResult();
                return cpu();
            }, trim ?? (() =>
            {
                Trims++;
                // A compacting collection costs CPU of its own, which must not read as work.
                spendCpu();
            }), trimCpu, () => looked.Release());
        }

        public IdleMemoryTrim Service { get; }

        public int Trims { get; private set; }

        /// <summary>Starts it, and waits until its timer runs (the clock may be moved on from then).</summary>
        public async Task StartAsync()
        {
            await Service.StartAsync(CancellationToken.None);
            await watching.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async Task LookedAsync() =>
            Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(30)), "The interval was not looked at.");

        public void Dispose() => Service.Dispose();
    }

    [Fact]
    public async Task Operations_MemoryIsHandedBackOnceTheAppHasBeenQuietAfterWork_OncePerQuietSpell_NeverWhileItWorksOrStaysIdle()
    {
        var clock = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        using var app = new Instance(clock, () => cpu, () => cpu += TrimCost, new IdleMemoryTrim.TrimCpu());
        await app.StartAsync();

        async Task<int> Interval(TimeSpan used)
        {
            cpu += used;
            clock.Advance(IdleMemoryTrim.Interval);
            await app.LookedAsync();
            return app.Trims;
        }

        for (var i = 0; i < 20; i++)
        {
            // Idle from the start, a little CPU each interval (housekeeping): nothing was used, nothing to hand back.
            Assert.Equal(0, await Interval(Quiet));
        }
        Assert.Equal(0, await Interval(Busy));
        Assert.Equal(0, await Interval(Quiet));
        Assert.Equal(0, await Interval(Quiet));
        Assert.Equal(1, await Interval(Quiet));   // quiet for long enough after work: handed back
        Assert.Equal(1, await Interval(Quiet));   // still quiet: once per quiet spell
        Assert.Equal(1, await Interval(TimeSpan.Zero));
        Assert.Equal(1, await Interval(Quiet));
        for (var i = 0; i < 5; i++)
        {
            // Light, steady traffic: a burst every other interval is never quiet for long enough.
            Assert.Equal(1, await Interval(Busy));
            Assert.Equal(1, await Interval(Quiet));
            Assert.Equal(1, await Interval(Quiet));
        }
        Assert.Equal(2, await Interval(Quiet));

        await app.Service.StopAsync(CancellationToken.None);
        Assert.Equal(TaskStatus.RanToCompletion, app.Service.ExecuteTask!.Status);
    }

    [Fact]
    public async Task Operations_TwoAppsInOneProcess_EachHandBackOnceAfterABurst_AndDoNotTakeEachOthersTrimForWork()
    {
        var clock = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        var trimCpu = new IdleMemoryTrim.TrimCpu();
        using var first = new Instance(clock, () => cpu, () => cpu += TrimCost, trimCpu);
        using var second = new Instance(clock, () => cpu, () => cpu += TrimCost, trimCpu);
        // Their intervals interleave: half an interval moves one of them on at a time.
        var half = IdleMemoryTrim.Interval / 2;
        await first.StartAsync();
        clock.Advance(half);
        await second.StartAsync();

        async Task Halves(int count)
        {
            for (var i = 0; i < count; i++)
            {
                clock.Advance(half);
                await (i % 2 == 0 ? first : second).LookedAsync();
            }
        }

        cpu += Busy;
        await Halves(2);
        await Halves(2 * IdleMemoryTrim.QuietIntervals);
        Assert.Equal((1, 1), (first.Trims, second.Trims));

        await Halves(40);
        Assert.Equal((1, 1), (first.Trims, second.Trims));
    }

    [Fact]
    public async Task Operations_AFailedTrimIsLogged_AndTheAppGoesOn()
    {
        var clock = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        var logger = new FakeLogger();
        using var app = new Instance(clock, () => cpu, () => { }, new IdleMemoryTrim.TrimCpu(), logger,
            trim: () => throw new InvalidOperationException("no"));
        await app.StartAsync();

        cpu += Busy;
        clock.Advance(IdleMemoryTrim.Interval);
        await app.LookedAsync();
        for (var i = 1; i < IdleMemoryTrim.QuietIntervals; i++)
        {
            clock.Advance(IdleMemoryTrim.Interval);
            await app.LookedAsync();
        }
        clock.Advance(IdleMemoryTrim.Interval);
        await app.Service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TaskStatus.RanToCompletion, app.Service.ExecuteTask.Status);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        await app.Service.StopAsync(CancellationToken.None);
    }
}
