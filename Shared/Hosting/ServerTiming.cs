using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// W3C Server Timing, off unless <c>Diagnostics:ServerTiming</c> is true (it tells callers how long work took); the
/// benchmark harness turns it on to measure the apps under load. Every response then carries <c>app;dur=…</c>, the
/// milliseconds from this middleware to the response's first byte (the server's own time, without the network and the
/// client), and <c>hash;dur=…</c> when the request verified a password: the CPU time the verification took on its
/// thread (<see cref="Cpu{T}"/>). The harness subtracts that from the app's CPU during a login scenario, which tells the
/// login's other work apart from the hash as it ran in that very scenario.
/// </summary>
public static class ServerTiming
{
    /// <summary>The CPU time measured in the running request, when it is timed; null otherwise.</summary>
    private static readonly AsyncLocal<Measured?> Current = new();

    private sealed class Measured
    {
        public double HashMilliseconds;
    }

    internal static void UseServerTiming(this WebApplication app) =>
        app.Use(static async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            // Set in this async method, so it holds for this request's work and is gone once the method returns.
            var measured = Current.Value = new Measured();
            context.Response.OnStarting(static state =>
            {
                var (http, started, measured) = ((HttpContext, long, Measured))state;
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                http.Response.Headers["Server-Timing"] = measured.HashMilliseconds > 0
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"app;dur={milliseconds:0.###}, hash;dur={measured.HashMilliseconds:0.###};desc=\"password hash CPU\"")
                    : string.Create(CultureInfo.InvariantCulture, $"app;dur={milliseconds:0.###}");
                return Task.CompletedTask;
            }, (context, started, measured));
            await next(context);
        });

    /// <summary>
    /// Runs a password verification (synchronous, on one thread) and, in a timed request, adds the CPU time it took on
    /// that thread to the request's <c>hash</c> entry. Outside a timed request it only runs it.
    /// </summary>
    public static T Cpu<T>(Func<T> verify)
    {
        if (Current.Value is not { } measured || !OperatingSystem.IsLinux())
        {
            return verify();
        }
        var before = ThreadCpu();
        var result = verify();
        // A clock that could not be read adds nothing, rather than a figure made up of it.
        if (before is { } start && ThreadCpu() is { } end)
        {
            measured.HashMilliseconds += (end - start).TotalMilliseconds;
        }
        return result;
    }

    /// <summary>This thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>, Linux): user and system, at nanosecond resolution.</summary>
    private static TimeSpan? ThreadCpu() =>
        ClockGetTime(ThreadCpuClock, out var now) == 0
            ? TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100)
            : null;

    private const int ThreadCpuClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec value);
}
