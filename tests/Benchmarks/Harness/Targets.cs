using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Data;
using SsoSuite.Identity.Data;

namespace SsoSuite.Benchmarks;

/// <summary>
/// The servers of one deployment, started on free loopback ports with fresh stores: KaseyaOne and BMS (one process
/// each, or two instances each behind the cluster's proxy), and for the default run the Kestrel ceiling and the peer.
/// </summary>
public sealed class Targets
{
    public const string CcClientId = "bench-cc";
    public const string WebClientId = "bench-web";
    public const string BmsClientId = "bench-bms";
    /// <summary>Never followed: the harness reads the code from the redirect (port 9 is "discard").</summary>
    public const string RedirectUri = "http://127.0.0.1:9/callback";
    public const string PeerVersion = "9.13.3";

    // Machine-made secrets of at least 32 characters, as ClientOptions requires.
    public static readonly string CcClientSecret = "bench-cc-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    public static readonly string WebClientSecret = "bench-web-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    public static readonly string BmsClientSecret = "bench-bms-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public required Deployment Deployment { get; init; }
    public required ServerGroup Identity { get; init; }
    public required ServerGroup Bms { get; init; }
    /// <summary>The references of the default run; none in a run comparing deployments.</summary>
    public AppProcess? Ceiling { get; init; }
    public AppProcess? Peer { get; init; }
    public required List<string> DataFolders { get; init; }
    /// <summary>KaseyaOne's and BMS's stores: a SQLite file's or a PostgreSQL database's connection string.</summary>
    public required string IdentityStore { get; init; }
    public required string BmsStore { get; init; }

    /// <summary>Every process of the run, for the listing and the memory at the end.</summary>
    public IEnumerable<AppProcess> All =>
        Identity.Processes.Concat(Bms.Processes).Concat(new[] { Ceiling, Peer }.OfType<AppProcess>());

    /// <param name="postgres">The server of a PostgreSQL deployment.</param>
    /// <param name="references">Whether to start the Kestrel ceiling and the peer too (the default run's comparison).</param>
    public static async Task<Targets> StartAsync(string logFolder, Deployment deployment, BenchPostgres? postgres, bool references, CancellationToken ct)
    {
        var peerFolder = Path.Combine(Repository.Root, "tests", "Benchmarks", "peer");
        if (references)
        {
            await InstallPeerAsync(peerFolder, ct);
        }
        var folders = new List<string>();
        string DataFolder(string prefix)
        {
            var folder = Directory.CreateTempSubdirectory(prefix).FullName;
            folders.Add(folder);
            return folder;
        }
        var onPostgres = deployment.Store == BenchStore.Postgres;
        if (onPostgres && postgres is null)
        {
            throw new ArgumentNullException(nameof(postgres), "A PostgreSQL deployment needs a server.");
        }
        var identityDatabase = onPostgres ? postgres!.NewDatabase("identity") : null;
        var bmsDatabase = onPostgres ? postgres!.NewDatabase("bms") : null;
        var suffix = deployment == Deployment.Sqlite && references ? "" : " · " + deployment.Label;
        int[] identityPorts = [.. Enumerable.Range(0, deployment.Instances).Select(_ => AppProcess.FreePort())];
        int[] bmsPorts = [.. Enumerable.Range(0, deployment.Instances).Select(_ => AppProcess.FreePort())];
        var identityFront = deployment.BehindProxy ? AppProcess.FreePort() : identityPorts[0];
        var bmsFront = deployment.BehindProxy ? AppProcess.FreePort() : bmsPorts[0];
        var identityUrl = $"http://127.0.0.1:{identityFront}";
        var bmsUrl = $"http://127.0.0.1:{bmsFront}";

        var identityProcesses = new List<AppProcess>();
        var identityFolders = new List<string>();
        for (var i = 0; i < deployment.Instances; i++)
        {
            var folder = DataFolder("k1-bench-");
            identityFolders.Add(folder);
            var env = Deployed(folder, identityPorts[i], identityDatabase, deployment);
            // The demo tenant the benchmark accounts join.
            env["Demo__Seed"] = "true";
            env["Oidc__Issuer"] = identityUrl + "/";
            env["Oidc__Clients__0__ClientId"] = CcClientId;
            env["Oidc__Clients__0__DisplayName"] = "Benchmark service";
            env["Oidc__Clients__0__ClientSecret"] = CcClientSecret;
            env["Oidc__Clients__0__AllowClientCredentials"] = "true";
            env["Oidc__Clients__1__ClientId"] = WebClientId;
            env["Oidc__Clients__1__DisplayName"] = "Benchmark web app";
            env["Oidc__Clients__1__ClientSecret"] = WebClientSecret;
            env["Oidc__Clients__1__RedirectUris__0"] = RedirectUri;
            // BMS, signing in through KaseyaOne as in the suite.
            env["Oidc__Clients__2__ClientId"] = BmsClientId;
            env["Oidc__Clients__2__DisplayName"] = "BMS (benchmark)";
            env["Oidc__Clients__2__ClientSecret"] = BmsClientSecret;
            env["Oidc__Clients__2__RedirectUris__0"] = bmsUrl + "/signin-kaseyaone";
            env["Oidc__Clients__2__PostLogoutRedirectUris__0"] = bmsUrl + "/signout-callback-kaseyaone";
            string[] scopes = ["profile", "email", "roles", "k1_tenant", "k1_tenant_links", "k1_launcher"];
            for (var s = 0; s < scopes.Length; s++)
            {
                env[$"Oidc__Clients__2__Scopes__{s}"] = scopes[s];
            }
            identityProcesses.Add(AppProcess.Start(Instance("KaseyaOne (Identity)", deployment, i) + suffix, "dotnet",
                [Path.Combine(Repository.Output("Identity"), "SsoSuite.Identity.dll")], Repository.Output("Identity"), identityPorts[i], env,
                Path.Combine(logFolder, $"identity{LogSuffix(deployment, i)}.log")));
        }

        var bmsOutput = Repository.Output("Bms.App");
        var bmsProcesses = new List<AppProcess>();
        var bmsFolders = new List<string>();
        for (var i = 0; i < deployment.Instances; i++)
        {
            var folder = DataFolder("bms-bench-");
            bmsFolders.Add(folder);
            var env = Deployed(folder, bmsPorts[i], bmsDatabase, deployment);
            env["KaseyaOne__Authority"] = identityUrl + "/";
            env["KaseyaOne__ClientId"] = BmsClientId;
            env["KaseyaOne__ClientSecret"] = BmsClientSecret;
            env["KaseyaOne__PublicUrl"] = bmsUrl + "/";
            bmsProcesses.Add(AppProcess.Start(Instance("BMS (Bms.App)", deployment, i) + suffix, "dotnet", [Path.Combine(bmsOutput, "SsoSuite.Bms.dll")],
                bmsOutput, bmsPorts[i], env, Path.Combine(logFolder, $"bms{LogSuffix(deployment, i)}.log")));
        }
        // Both apps' instances start at once, as ./run cluster starts them: one migrates and seeds under the start-up
        // lock, the other finds it done. BMS's only needs KaseyaOne when a user signs in.
        await Task.WhenAll(identityProcesses.Concat(bmsProcesses).Select(p => p.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(180), ct)));

        ServerGroup identity, bms;
        if (deployment.BehindProxy)
        {
            var identityProxy = StartProxy("KaseyaOne's proxy" + suffix, identityFront, identityPorts, Path.Combine(logFolder, $"identity-proxy{LogSuffix(deployment, null)}.log"));
            var bmsProxy = StartProxy("BMS's proxy" + suffix, bmsFront, bmsPorts, Path.Combine(logFolder, $"bms-proxy{LogSuffix(deployment, null)}.log"));
            await Task.WhenAll(identityProxy.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(30), ct),
                bmsProxy.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(30), ct));
            identity = new ServerGroup("KaseyaOne (Identity)" + suffix, identityProxy, [.. identityProcesses, identityProxy]);
            bms = new ServerGroup("BMS (Bms.App)" + suffix, bmsProxy, [.. bmsProcesses, bmsProxy]);
        }
        else
        {
            identity = ServerGroup.Of(identityProcesses[0]);
            bms = ServerGroup.Of(bmsProcesses[0]);
        }

        AppProcess? ceiling = null, peer = null;
        if (references)
        {
            var ceilingPort = AppProcess.FreePort();
            var ceilingOutput = Repository.Output(Path.Combine("tests", "Benchmarks", "Ceiling"));
            ceiling = AppProcess.Start("Kestrel ceiling", "dotnet", [Path.Combine(ceilingOutput, "SsoSuite.Benchmarks.Ceiling.dll")],
                ceilingOutput, ceilingPort,
                new Dictionary<string, string> { ["Urls"] = $"http://127.0.0.1:{ceilingPort}" }, Path.Combine(logFolder, "ceiling.log"));

            var peerPort = AppProcess.FreePort();
            peer = AppProcess.Start($"oidc-provider {PeerVersion}", "node", ["server.js", peerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                peerFolder, peerPort,
                new Dictionary<string, string>
                {
                    ["NODE_ENV"] = "production",
                    ["PEER_CC_CLIENT_ID"] = CcClientId,
                    ["PEER_CC_CLIENT_SECRET"] = CcClientSecret,
                    ["PEER_WEB_CLIENT_ID"] = WebClientId,
                    ["PEER_WEB_CLIENT_SECRET"] = WebClientSecret,
                    ["PEER_WEB_REDIRECT_URI"] = RedirectUri,
                }, Path.Combine(logFolder, "peer.log"));
            await Task.WhenAll(
                ceiling.WaitUntilReadyAsync("/", TimeSpan.FromSeconds(30), ct),
                peer.WaitUntilReadyAsync("/.well-known/openid-configuration", TimeSpan.FromSeconds(30), ct));
        }

        return new Targets
        {
            Deployment = deployment, Identity = identity, Bms = bms, Ceiling = ceiling, Peer = peer, DataFolders = folders,
            IdentityStore = identityDatabase ?? $"Data Source={Path.Combine(identityFolders[0], "identity.db")}",
            BmsStore = bmsDatabase ?? $"Data Source={Path.Combine(bmsFolders[0], "bms.db")}",
        };
    }

    private static string Instance(string app, Deployment deployment, int index) =>
        deployment.BehindProxy ? $"{app} #{index + 1}" : app;

    private static string LogSuffix(Deployment deployment, int? instance) =>
        (deployment == Deployment.Sqlite ? "" : "-" + deployment.Label.ToLowerInvariant().Replace(" ×", "-x", StringComparison.Ordinal).Replace("postgresql", "postgres", StringComparison.Ordinal).Replace(' ', '-'))
        + (deployment.BehindProxy && instance is { } i ? $"-{i + 1}" : "");

    /// <summary>
    /// The cluster's proxy (tests/Cluster/Proxy) from its Release output (built with the harness: tests/Testing references
    /// it), in front of <paramref name="instancePorts"/>.
    /// </summary>
    private static AppProcess StartProxy(string name, int port, int[] instancePorts, string logFile)
    {
        var output = Repository.Output(Path.Combine("tests", "Cluster", "Proxy"));
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MALLOC_ARENA_MAX"] = "2",
            ["Urls"] = $"http://127.0.0.1:{port}",
            // YARP logs every request it forwards at Information: under load that would be most of the proxy's work.
            ["Logging__LogLevel__Default"] = "Warning",
        };
        for (var i = 0; i < instancePorts.Length; i++)
        {
            env[$"Proxy__Instances__{i}"] = $"http://127.0.0.1:{instancePorts[i]}";
        }
        return AppProcess.Start(name, "dotnet", [Path.Combine(output, "SsoSuite.Cluster.Proxy.dll")], output, port, env, logFile);
    }

    /// <summary>
    /// What both apps get: Production, as an MSP runs them (no developer exception page); at most two malloc arenas,
    /// as the README's production section says (glibc's default is eight per core, and each thread-pool thread that
    /// touches SQLite or OpenSSL can end up holding one); Server-Timing on, for server time; and limits on sign-in
    /// posts, per address and per account, high enough for a load test from one address signing its accounts in again and again.
    /// On PostgreSQL, the database's connection string; behind the proxy, X-Forwarded-For/-Proto believed from it.
    /// </summary>
    private static Dictionary<string, string> Deployed(string dataFolder, int port, string? database, Deployment deployment)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MALLOC_ARENA_MAX"] = "2",
            ["Diagnostics__ServerTiming"] = "true",
            // Each hand-back of memory once quiet is logged (how much, how long): the report shows it beside the memory.
            ["Logging__LogLevel__SsoSuite.Shared.Hosting.IdleMemoryTrim"] = "Debug",
            ["RateLimits__SignInPostsPerMinute"] = "1000000",
            ["RateLimits__SignInPostsPerAccountPerMinute"] = "1000000",
            // Plain http on loopback, without a TLS proxy in front: Secure and __Host- cookies would not travel back.
            ["Transport__HttpsOnly"] = "false",
            ["DataFolder"] = dataFolder,
            ["Urls"] = $"http://127.0.0.1:{port}",
        };
        if (database is not null)
        {
            env["ConnectionStrings__Default"] = database;
        }
        if (deployment.BehindProxy)
        {
            env["Transport__KnownProxies__0"] = "127.0.0.1";
        }
        return env;
    }

    /// <summary>KaseyaOne's store through its own EF context, for the benchmark accounts.</summary>
    public IdentityDbContext IdentityDb() => Deployment.Store == BenchStore.Postgres
        ? new PostgresIdentityDbContext(new DbContextOptionsBuilder<PostgresIdentityDbContext>().UseNpgsql(IdentityStore).UseOpenIddict().Options)
        : new IdentityDbContext(new DbContextOptionsBuilder<IdentityDbContext>().UseSqlite(IdentityStore).UseOpenIddict().Options);

    /// <summary>BMS's store through its own EF context, for the benchmark tenant and users.</summary>
    public BmsDbContext BmsDb() => Deployment.Store == BenchStore.Postgres
        ? new PostgresBmsDbContext(new DbContextOptionsBuilder<PostgresBmsDbContext>().UseNpgsql(BmsStore).Options)
        : new BmsDbContext(new DbContextOptionsBuilder<BmsDbContext>().UseSqlite(BmsStore).Options);

    /// <summary>oidc-provider comes from npm at run time into peer/node_modules (gitignored), at the pinned version.</summary>
    private static async Task InstallPeerAsync(string peerFolder, CancellationToken ct)
    {
        var installed = Path.Combine(peerFolder, "node_modules", "oidc-provider", "package.json");
        if (File.Exists(installed) && File.ReadAllText(installed).Contains($"\"version\": \"{PeerVersion}\"", StringComparison.Ordinal))
        {
            return;
        }
        Console.WriteLine($"Installing oidc-provider {PeerVersion} from npm into tests/Benchmarks/peer/node_modules …");
        using var npm = Process.Start(new ProcessStartInfo("npm", "install --no-audit --no-fund --no-package-lock --loglevel=error")
        {
            WorkingDirectory = peerFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("npm did not start.");
        var output = npm.StandardOutput.ReadToEndAsync(ct);
        var errors = npm.StandardError.ReadToEndAsync(ct);
        await npm.WaitForExitAsync(ct);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install failed ({npm.ExitCode}): {await output}{await errors}");
        }
    }

    public void DeleteDataFolders()
    {
        foreach (var folder in DataFolders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
