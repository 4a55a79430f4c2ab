using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SsoSuite.Benchmarks;

/// <summary>
/// A server the harness started (KaseyaOne, the Kestrel ceiling, oidc-provider): its output goes to a log
/// file, its memory is read from /proc, and it is stopped (with its children) when the run ends, fails or is
/// interrupted.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private static readonly List<AppProcess> Started = [];
    private readonly Process process;
    private readonly StreamWriter log;

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int Pid => process.Id;

    private readonly List<string> trims = [];

    private AppProcess(string name, Uri baseAddress, Process process, StreamWriter log)
    {
        Name = name;
        BaseAddress = baseAddress;
        this.process = process;
        this.log = log;
    }

    /// <summary>
    /// What the app logged each time it handed back memory once quiet (<c>IdleMemoryTrim</c>, whose category the harness
    /// turns to Debug in KaseyaOne and BMS): how much, and how long the trim took.
    /// </summary>
    public IReadOnlyList<string> Trims
    {
        get
        {
            lock (trims)
            {
                return [.. trims];
            }
        }
    }

    public static AppProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        int port, IDictionary<string, string> environment, string logFile)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        AppProcess? app = null;
        process.OutputDataReceived += (_, e) =>
        {
            Write(log, e.Data);
            app?.NoteTrim(e.Data);
        };
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name} did not start.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        app = new AppProcess(name, new Uri($"http://127.0.0.1:{port}"), process, log);
        lock (Started)
        {
            Started.Add(app);
        }
        return app;
    }

    private void NoteTrim(string? line)
    {
        const string Marker = "Went quiet: ";
        if (line?.IndexOf(Marker, StringComparison.Ordinal) is { } at and >= 0)
        {
            lock (trims)
            {
                trims.Add(line[(at + Marker.Length)..]);
            }
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>Waits until the server answers <paramref name="path"/> with a success status.</summary>
    public async Task WaitUntilReadyAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} during start; see its log.");
            }
            try
            {
                using var response = await http.GetAsync(path, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Not answering within the client's timeout yet (a loaded machine): ask again until the deadline.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Name} did not answer {path} within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>What the resident set is made of now (anonymous, file-backed, shared), in MiB, from /proc/&lt;pid&gt;/status.</summary>
    public string MemoryBreakdown()
    {
        try
        {
            var parts = File.ReadLines($"/proc/{process.Id}/status")
                .Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal) || l.StartsWith("RssFile:", StringComparison.Ordinal)
                                                                              || l.StartsWith("RssShmem:", StringComparison.Ordinal))
                .Select(l => FormattableString.Invariant($"{l.Split(':')[0][3..].ToLowerInvariant()} {Kilobytes(l) / 1024.0:0}"));
            return string.Join(", ", parts);
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Peak resident set (VmHWM) and current resident set (VmRSS) in MiB, from /proc/&lt;pid&gt;/status.</summary>
    public (double PeakMb, double NowMb) Memory()
    {
        try
        {
            double peak = 0, now = 0;
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) / 1024.0;
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    now = Kilobytes(line) / 1024.0;
                }
            }
            return (peak, now);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>CPU time the server has used so far (user + system), from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Private memory, in MiB, from /proc/&lt;pid&gt;/smaps_rollup: USS (pages only this process maps, clean or dirty)
    /// and PSS (each page divided among the processes that map it). Unlike the resident set, neither counts the
    /// runtime's and libraries' file pages that every other .NET process on the machine shares.
    /// </summary>
    public (double UssMb, double PssMb) PrivateMemory()
    {
        try
        {
            long pss = 0, privateClean = 0, privateDirty = 0;
            foreach (var line in File.ReadLines($"/proc/{process.Id}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = Kilobytes(line);
                }
                else if (line.StartsWith("Private_Clean:", StringComparison.Ordinal))
                {
                    privateClean = Kilobytes(line);
                }
                else if (line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
                {
                    privateDirty = Kilobytes(line);
                }
            }
            return ((privateClean + privateDirty) / 1024.0, pss / 1024.0);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops every server this run started; safe to call more than once and from any thread.</summary>
    public static void StopAll()
    {
        AppProcess[] apps;
        lock (Started)
        {
            apps = [.. Started];
            Started.Clear();
        }
        foreach (var app in apps)
        {
            app.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}
