using System.Diagnostics;

namespace SsoSuite.Benchmarks;

/// <summary>How one operation of a scenario ended.</summary>
public enum Outcome
{
    /// <summary>The expected answer (status and content).</summary>
    Ok,
    /// <summary>An answer with an unexpected status below 500 (a refusal, a redirect to the wrong place).</summary>
    NonSuccess,
    /// <summary>A 5xx answer.</summary>
    ServerError,
    /// <summary>No usable answer: a transport failure, a timeout, a malformed body.</summary>
    Error,
    /// <summary>Nothing left to do (a pool of codes or accounts ran out): the worker stops; not counted.</summary>
    Exhausted,
}

/// <summary>What a load run measured for one target.</summary>
public sealed class Measurement
{
    public long Ok { get; set; }
    public long NonSuccess { get; set; }
    public long ServerErrors { get; set; }
    public long Errors { get; set; }
    public TimeSpan Elapsed { get; set; }
    public List<double> LatenciesMs { get; } = [];
    /// <summary>
    /// Per operation, the server's own time: the sum of the <c>Server-Timing</c> durations of its answers
    /// (KaseyaOne only, with <c>Diagnostics:ServerTiming</c> on). Empty when the target does not send them.
    /// </summary>
    public List<double> ServerMs { get; } = [];
    /// <summary>
    /// The CPU the server's password hashes took in the operations measured (<c>Server-Timing: hash;dur=…</c>, the
    /// verifying thread's CPU time), summed; zero when no answer carried it.
    /// </summary>
    public double HashCpuMs { get; set; }
    public List<string> Samples { get; } = [];
    /// <summary>The CPU time the measured server process(es) used while this was measured (user + system).</summary>
    public TimeSpan CpuTime { get; set; }

    public long Requests => Ok + NonSuccess + ServerErrors + Errors;
    /// <summary>Server CPU per operation in milliseconds, or null when nothing was measured.</summary>
    public double? CpuMsPerOperation => Requests == 0 ? null : CpuTime.TotalMilliseconds / Requests;
    public double PerSecond => Elapsed.TotalSeconds > 0 ? Requests / Elapsed.TotalSeconds : 0;

    public double Percentile(double p) => Percentile(LatenciesMs, p);

    public double? ServerPercentile(double p) => ServerMs.Count == 0 ? null : Percentile(ServerMs, p);

    /// <summary>Password-hash CPU per operation in milliseconds, or null when no answer told it.</summary>
    public double? HashCpuMsPerOperation => Requests == 0 || HashCpuMs == 0 ? null : HashCpuMs / Requests;

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToArray();
        var index = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// The load generator: a fixed number of workers, each repeating one operation back to back for a bounded
/// time (closed loop, no think time), with a progress line while it runs.
/// </summary>
public static class Load
{
    public delegate Task<Outcome> Operation(int worker, CancellationToken ct);

    /// <summary>
    /// <paramref name="operation"/>, run at most <paramref name="count"/> times by all workers together; after that each
    /// worker finds it exhausted and stops.
    /// </summary>
    public static Operation AtMost(int count, Operation operation)
    {
        var left = count;
        return (worker, ct) => Interlocked.Decrement(ref left) < 0 ? Task.FromResult(Outcome.Exhausted) : operation(worker, ct);
    }

    public static async Task RunAsync(string label, Operation operation, int concurrency, TimeSpan duration,
        Measurement? into, CancellationToken ct)
    {
        var latencies = new List<double>[concurrency];
        var serverTimes = new List<double>[concurrency];
        var hashCpu = new double[concurrency];
        var counts = new long[concurrency, 4];
        lock (Notes)
        {
            Notes.Clear();
        }
        long done = 0;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);

        using var progress = new Timer(_ => Progress(label, clock.Elapsed, duration, Interlocked.Read(ref done)), null,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            var mineOnServer = serverTimes[worker] = new List<double>(4096);
            var serverTime = new ServerTime();
            ServerTimingHandler.Current.Value = serverTime;
            while (!stop.IsCancellationRequested)
            {
                serverTime.Reset();
                var started = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await operation(worker, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException
                                              or FormatException or System.Text.Json.JsonException or TaskCanceledException)
                {
                    outcome = Outcome.Error;
                    Note(e.GetType().Name + ": " + e.Message);
                }
                if (outcome == Outcome.Exhausted)
                {
                    break;
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (serverTime.Answers > 0)
                {
                    mineOnServer.Add(serverTime.Milliseconds);
                }
                hashCpu[worker] += serverTime.HashMilliseconds;
                counts[worker, (int)outcome]++;
                Interlocked.Increment(ref done);
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        ct.ThrowIfCancellationRequested();
        ClearProgress();

        if (into is null)
        {
            return;
        }
        into.Elapsed += elapsed;
        for (var w = 0; w < concurrency; w++)
        {
            into.Ok += counts[w, (int)Outcome.Ok];
            into.NonSuccess += counts[w, (int)Outcome.NonSuccess];
            into.ServerErrors += counts[w, (int)Outcome.ServerError];
            into.Errors += counts[w, (int)Outcome.Error];
            into.LatenciesMs.AddRange(latencies[w] ?? []);
            into.ServerMs.AddRange(serverTimes[w] ?? []);
            into.HashCpuMs += hashCpu[w];
        }
        lock (Notes)
        {
            into.Samples.AddRange(Notes.Take(Math.Max(0, 5 - into.Samples.Count)));
        }
    }

    private static readonly List<string> Notes = [];

    /// <summary>Keeps the first few descriptions of what went wrong in the current run, for the report.</summary>
    public static void Note(string text)
    {
        lock (Notes)
        {
            if (Notes.Count < 5)
            {
                Notes.Add(text);
            }
        }
    }

    /// <summary>The outcome of an HTTP answer against the status the scenario expects.</summary>
    public static Outcome Classify(HttpResponseMessage response, System.Net.HttpStatusCode expected, string what)
    {
        if (response.StatusCode == expected)
        {
            return Outcome.Ok;
        }
        Note($"{what}: HTTP {(int)response.StatusCode}");
        return (int)response.StatusCode >= 500 ? Outcome.ServerError : Outcome.NonSuccess;
    }

    /// <summary>The outcome of a step that did not land where expected.</summary>
    public static Outcome Unexpected(System.Net.HttpStatusCode status, string what)
    {
        Note($"{what}: HTTP {(int)status}");
        return (int)status >= 500 ? Outcome.ServerError : Outcome.NonSuccess;
    }

    private static readonly object ConsoleLock = new();

    private static void Progress(string label, TimeSpan elapsed, TimeSpan duration, long done)
    {
        var line = $"  … {label,-44} {Math.Min(elapsed.TotalSeconds, duration.TotalSeconds),5:0.0}/{duration.TotalSeconds:0} s  {done,8} done  {done / Math.Max(elapsed.TotalSeconds, 0.001),9:0} /s";
        lock (ConsoleLock)
        {
            if (Console.IsOutputRedirected)
            {
                Console.WriteLine(line);
            }
            else
            {
                Console.Write("\r" + line + "   ");
            }
        }
    }

    public static void ClearProgress()
    {
        if (!Console.IsOutputRedirected)
        {
            lock (ConsoleLock)
            {
                Console.Write("\r" + new string(' ', 100) + "\r");
            }
        }
    }
}

/// <summary>
/// The server time of the operation a load worker is running: the answers' <c>app</c> Server-Timing durations, summed;
/// and the CPU their password hashes took (<c>hash</c>), summed apart.
/// </summary>
public sealed class ServerTime
{
    public double Milliseconds { get; private set; }
    public double HashMilliseconds { get; private set; }
    public int Answers { get; private set; }

    public void Reset() => (Milliseconds, HashMilliseconds, Answers) = (0, 0, 0);

    public void Add(double milliseconds)
    {
        Milliseconds += milliseconds;
        Answers++;
    }

    public void AddHash(double milliseconds) => HashMilliseconds += milliseconds;
}

/// <summary>
/// Reads <c>Server-Timing: app;dur=…[, hash;dur=…]</c> from every answer into the running operation's
/// <see cref="ServerTime"/> (an async-local set by the load worker, so concurrent workers sharing one client do not mix).
/// </summary>
public sealed class ServerTimingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public static readonly AsyncLocal<ServerTime?> Current = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Current.Value is { } time && response.Headers.TryGetValues("Server-Timing", out var values))
        {
            foreach (var metric in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                var parts = metric.Split(';', StringSplitOptions.TrimEntries);
                var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
                if (duration is null || !double.TryParse(duration.AsSpan(4), System.Globalization.NumberStyles.Float,
                        System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
                {
                    continue;
                }
                switch (parts[0])
                {
                    case "app":
                        time.Add(milliseconds);
                        break;
                    case "hash":
                        time.AddHash(milliseconds);
                        break;
                }
            }
        }
        return response;
    }
}
