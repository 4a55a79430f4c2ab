using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Memory the app no longer uses is handed back once it goes quiet after work.
/// <para>
/// Under load the garbage collector's heap grows to the budgets the load called for, and glibc's malloc keeps the
/// native memory freed by SQLite, OpenSSL and the runtime in its arenas for the next burst (measured after the
/// benchmark's load: 28 MB held by malloc for 14 MB in use). Neither gives it back while nothing is allocated, so a
/// server kept its peak for as long as it then sat quiet: most of an MSP's day. Every <see cref="Interval"/> this reads
/// the process's CPU time; after an interval that worked (more than <see cref="QuietCpuShare"/> of one core) comes one
/// that did not, it runs one compacting collection that decommits what the heap does not need and asks glibc to return
/// its free pages (<c>malloc_trim</c>), once per quiet spell. Nothing is trimmed while the app works: the next burst
/// finds its memory by allocating again, and pays for that, not for a trim.
/// </para>
/// </summary>
public sealed class IdleMemoryTrim : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>At most this share of one core over an interval is quiet: a housekeeping run is, a sign-in a second is not.</summary>
    public const double QuietCpuShare = 0.02;

    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Func<TimeSpan> cpuTime;
    private readonly Action trim;
    private readonly Action? afterEachInterval;

    /// <summary>On the system's clock, not the app's: the intervals are compared with CPU time, which only passes in real time.</summary>
    public IdleMemoryTrim(ILogger<IdleMemoryTrim> logger)
        : this(TimeProvider.System, logger, static () => Environment.CpuUsage.TotalTime, Trim)
    {
    }

    /// <param name="afterEachInterval">Told when an interval has been looked at (tests wait for it before moving the clock on).</param>
    internal IdleMemoryTrim(TimeProvider clock, ILogger logger, Func<TimeSpan> cpuTime, Action trim, Action? afterEachInterval = null)
    {
        this.clock = clock;
        this.logger = logger;
        this.cpuTime = cpuTime;
        this.trim = trim;
        this.afterEachInterval = afterEachInterval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var quietCpu = Interval * QuietCpuShare;
        var last = cpuTime();
        var workedSinceTrim = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = cpuTime();
                if (now - last > quietCpu)
                {
                    workedSinceTrim = true;
                    last = now;
                }
                else if (workedSinceTrim)
                {
                    workedSinceTrim = false;
                    trim();
                    // The trim's own CPU is not work: the next interval counts from here.
                    last = cpuTime();
                }
                else
                {
                    last = now;
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
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
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
