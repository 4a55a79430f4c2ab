using System.Diagnostics;
using SsoSuite.Benchmarks;

// The SsoSuite benchmark: KaseyaOne (Identity, Release) against the bare-Kestrel ceiling and panva's
// oidc-provider, all on loopback, driven by one load generator. See README.md, "Performance".
var settings = Settings.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl-C: unwind, stop every server we started, exit.
    e.Cancel = true;
    cancel.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => AppProcess.StopAll();

try
{
    var run = new BenchmarkRun(settings);
    await run.ExecuteAsync(cancel.Token);
    return run.AllTargetsMet ? 0 : 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Load.ClearProgress();
    Console.WriteLine("Interrupted: servers stopped.");
    return 130;
}
catch (Exception e)
{
    Load.ClearProgress();
    Console.Error.WriteLine("The benchmark failed: " + e);
    return 2;
}
finally
{
    AppProcess.StopAll();
}

namespace SsoSuite.Benchmarks
{
    /// <summary>
    /// Command-line settings: <c>--duration</c>, <c>--warmup</c> (seconds), <c>--concurrency</c>, <c>--rounds</c>, <c>--quick</c>,
    /// and <c>--only</c>, a comma-separated list of scenario name prefixes (for profiling one path; the targets
    /// of the scenarios left out read "not measured"). <c>--store sqlite|postgres|all</c> and <c>--instances 1|2</c> name
    /// the deployments (issue 14): <c>all</c> runs the scenarios on SQLite, on PostgreSQL, on one PostgreSQL instance behind
    /// the proxy and on two behind it, side by side; <c>--postgres "Host=…;Port=…;Username=…"</c> names a server to use instead of
    /// starting one. The warm-up is 2 s a scenario, or 8 s when deployments are compared: each deployment starts fresh
    /// processes (two instances and a proxy for ×2), and until each has compiled its hot paths (the apps compile every
    /// method fully optimised at its first call) a short warm-up would measure compilation, not the deployment. The two
    /// login scenarios warm up 8 s unless <c>--warmup</c> or <c>--quick</c> says otherwise (<see cref="LoginWarmup"/>).
    /// </summary>
    public sealed record Settings(TimeSpan Duration, TimeSpan Warmup, int Concurrency, int Rounds, string[] Only,
        IReadOnlyList<Deployment> Deployments, string? Postgres)
    {
        /// <summary>
        /// The login scenarios' warm-up. A login takes half a second or more of sixteen at once, and BMS serves its first
        /// pages in them: in 2 s too few logins finish for the framework methods they call to reach their optimised
        /// versions, and a quarter of BMS's measured CPU was still the compiler's.
        /// </summary>
        public TimeSpan LoginWarmup { get; init; } = Warmup;

        /// <summary>Whether this run compares deployments (any but the default, SQLite beside the ceiling and the peer).</summary>
        public bool ComparesDeployments => Deployments is not [var only] || only != Deployment.Sqlite;

        /// <summary>Whether a scenario is part of this run.</summary>
        public bool Includes(string scenario) =>
            Only.Length == 0 || Only.Any(o => scenario.StartsWith(o, StringComparison.OrdinalIgnoreCase));

        /// <summary>Seamless re-authorization is measured at this many users whatever the concurrency.</summary>
        public const int ReauthorizationUsers = 16;

        public static Settings Parse(string[] args)
        {
            double duration = 8;
            double? warmup = null;
            int concurrency = 16, rounds = 2;
            string[] only = [];
            string store = "sqlite";
            int? instances = null;
            string? postgres = null;
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : "";
                switch (args[i])
                {
                    case "--duration": duration = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                    case "--warmup": warmup = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                    case "--concurrency": concurrency = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                    case "--rounds": rounds = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                    case "--quick": duration = 3; warmup ??= 1; rounds = 1; break;
                    case "--only": only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); i++; break;
                    case "--store": store = value.ToLowerInvariant(); i++; break;
                    case "--instances": instances = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                    case "--postgres": postgres = value; i++; break;
                    default: throw new ArgumentException($"Unknown option {args[i]}. Options: --duration <s> --warmup <s> --concurrency <n> --rounds <n> --quick --only <scenario,…> " +
                                                         "--store sqlite|postgres|all --instances 1|2 --postgres <connection string without a database>");
                }
            }
            IReadOnlyList<Deployment> deployments = (store, instances) switch
            {
                ("sqlite", null or 1) => [Deployment.Sqlite],
                ("postgres", null or 1) => [Deployment.Postgres],
                ("postgres", 2) => [Deployment.PostgresTwoInstances],
                ("all", null) => [Deployment.Sqlite, Deployment.Postgres, Deployment.PostgresOneBehindProxy, Deployment.PostgresTwoInstances],
                // Two instances share their state through one database: SQLite is one process's file.
                ("sqlite", _) => throw new ArgumentException("Several instances need a shared store: --store postgres --instances 2, or --store all."),
                ("all", _) => throw new ArgumentException("--store all runs one and two instances already; leave --instances out."),
                ("postgres", _) => throw new ArgumentException("--instances is 1 or 2."),
                _ => throw new ArgumentException($"Unknown store {store}: --store sqlite, postgres or all."),
            };
            var comparesDeployments = deployments is not [var single] || single != Deployment.Sqlite;
            return new Settings(TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(warmup ?? (comparesDeployments ? 8 : 2)), concurrency, Math.Max(1, rounds), only, deployments, postgres)
            {
                LoginWarmup = TimeSpan.FromSeconds(warmup ?? 8),
            };
        }
    }

    /// <summary>Where the repository and the Release outputs are.</summary>
    public static class Repository
    {
        public static string Root { get; } = FindRoot();

        public static string Configuration { get; } =
#if DEBUG
            "Debug";
#else
            "Release";
#endif

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SsoSuite.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("SsoSuite.sln not found above " + AppContext.BaseDirectory);
        }

        public static string Output(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0");

        public static string Commit()
        {
            try
            {
                using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
                {
                    WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true,
                })!;
                var text = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return text;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "unknown";
            }
        }
    }
}
