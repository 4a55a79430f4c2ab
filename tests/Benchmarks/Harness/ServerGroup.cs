namespace SsoSuite.Benchmarks;

/// <summary>
/// What the load generator talks to for one app: the app's one process, or its instances and the proxy in front of
/// them. Its CPU time and memory are those of every process in it, so that a scenario through the proxy pays for
/// the proxy and for both instances.
/// </summary>
public sealed class ServerGroup(string name, AppProcess front, IReadOnlyList<AppProcess> processes)
{
    public string Name { get; } = name;

    /// <summary>Where requests go: the proxy, or the one instance.</summary>
    public Uri BaseAddress => front.BaseAddress;

    public IReadOnlyList<AppProcess> Processes { get; } = processes;

    public static ServerGroup Of(AppProcess app) => new(app.Name, app, [app]);

    public TimeSpan CpuTime() => Processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.CpuTime());

    /// <summary>Peak and current resident sets, summed over the processes, in MiB.</summary>
    public (double PeakMb, double NowMb) Memory() =>
        Processes.Select(p => p.Memory()).Aggregate((0.0, 0.0), (sum, m) => (sum.Item1 + m.PeakMb, sum.Item2 + m.NowMb));
}
