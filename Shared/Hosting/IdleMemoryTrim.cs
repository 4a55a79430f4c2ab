using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Memory the app no longer uses is handed back once it has gone quiet after work.
/// <para>
/// Under load the garbage collector's heap grows to the budgets the load called for, and glibc's malloc keeps the
/// native memory freed by SQLite, OpenSSL and the runtime in its arenas for the next burst (measured after the
/// benchmark's load: 28 MB held by malloc for 14 MB in use). Neither gives it back while nothing is allocated, so a
/// server kept its peak for as long as it then sat quiet: most of an MSP's day. Every <see cref="Interval"/> this reads
/// the process's CPU time; once <see cref="QuietIntervals"/> intervals in a row have each used at most
/// <see cref="QuietCpuShare"/> of one core after one that used more, it runs one compacting collection that decommits
/// what the heap does not need and asks glibc to return its free pages (<c>malloc_trim</c>): once per quiet spell, a
/// pause of some tens of milliseconds (25 to 135 ms for the whole trim in the benchmark's runs on this machine), which
/// only a request arriving during it notices. Light but steady traffic (a sign-in every few seconds) is never quiet that
/// long, so it is not trimmed between its requests; the next burst after a trim finds its memory by allocating again.
/// </para>
/// </summary>
public sealed class IdleMemoryTrim : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>At most this share of one core over an interval is quiet: a housekeeping run is, a sign-in a second is not.</summary>
    public const double QuietCpuShare = 0.02;

    /// <summary>Quiet intervals in a row after work before the trim: 15 s without a burst.</summary>
    public const int QuietIntervals = 3;

    /// <summary>
    /// CPU time spent trimming, by any instance in the process. A trim is the process's (one heap, one malloc), and its
    /// own CPU is not work: without this, two apps in one process (the tests host several) would each read the other's
    /// trim as a burst and trim after it in turn, for as long as the process sat idle.
    /// </summary>
    internal sealed class TrimCpu
    {
        private long ticks;

        public TimeSpan Total => TimeSpan.FromTicks(Interlocked.Read(ref ticks));

        public void Add(TimeSpan spent) => Interlocked.Add(ref ticks, spent.Ticks);
    }

    private static readonly TrimCpu ProcessTrimCpu = new();

    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Func<TimeSpan> cpuTime;
    private readonly Action trim;
    private readonly TrimCpu trimCpu;
    private readonly Action? afterEachInterval;

    /// <summary>On the system's clock, not the app's: the intervals are compared with CPU time, which only passes in real time.</summary>
    public IdleMemoryTrim(ILogger<IdleMemoryTrim> logger)
        : this(TimeProvider.System, logger, static () => Environment.CpuUsage.TotalTime, Trim, ProcessTrimCpu)
    {
    }

    /// <param name="afterEachInterval">Told when an interval has been looked at (tests wait for it before moving the clock on).</param>
    internal IdleMemoryTrim(TimeProvider clock, ILogger logger, Func<TimeSpan> cpuTime, Action trim, TrimCpu trimCpu,
        Action? afterEachInterval = null)
    {
        this.clock = clock;
        this.logger = logger;
        this.cpuTime = cpuTime;
        this.trim = trim;
        this.trimCpu = trimCpu;
        this.afterEachInterval = afterEachInterval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var quietCpu = Interval * QuietCpuShare;
        var last = cpuTime() - trimCpu.Total;
        var workedSinceTrim = false;
        var quietInARow = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = cpuTime() - trimCpu.Total;
                var worked = now - last > quietCpu;
                last = now;
                quietInARow = worked ? 0 : quietInARow + 1;
                workedSinceTrim |= worked;
                if (workedSinceTrim && quietInARow >= QuietIntervals)
                {
                    workedSinceTrim = false;
                    var resident = Environment.WorkingSet;
                    var started = clock.GetTimestamp();
                    var before = cpuTime();
                    trim();
                    trimCpu.Add(cpuTime() - before);
                    logger.LogDebug("Went quiet: handed back {Megabytes:0.0} MB of resident memory in {Milliseconds:0.0} ms " +
                        "(managed heap now {HeapMegabytes:0.0} MB, {CommittedMegabytes:0.0} MB committed)",
                        (resident - Environment.WorkingSet) / 1048576.0, clock.GetElapsedTime(started).TotalMilliseconds,
                        GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0);
                }
                afterEachInterval?.Invoke();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app stops.
        }
        catch (Exception e)
        {
            // Memory is only handed back later than it could be; the app itself is unaffected.
            logger.LogWarning(e, "Handing back unused memory failed; it is no longer tried");
        }
    }

    private static bool nativeTrim = OperatingSystem.IsLinux();

    private static void Trim()
    {
        // An aggressive collection compacts every generation, the large object heap included, and decommits what is free.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!nativeTrim)
        {
            return;
        }
        try
        {
            // 1 when pages went back, 0 when there were none to give: either is fine.
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library other than glibc (musl's malloc gives memory back by itself): nothing to ask.
            nativeTrim = false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
