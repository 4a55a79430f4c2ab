using System.Diagnostics;

namespace SsoSuite.Benchmarks;

/// <summary>The three servers of a run, started on free loopback ports with a fresh data folder.</summary>
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

    public required AppProcess Identity { get; init; }
    public required AppProcess Ceiling { get; init; }
    public required AppProcess Peer { get; init; }
    public required AppProcess Bms { get; init; }
    public required string DataFolder { get; init; }
    public required string BmsDataFolder { get; init; }

    public IEnumerable<AppProcess> All => [Identity, Bms, Ceiling, Peer];

    public static async Task<Targets> StartAsync(string logFolder, CancellationToken ct)
    {
        var peerFolder = Path.Combine(Repository.Root, "tests", "Benchmarks", "peer");
        await InstallPeerAsync(peerFolder, ct);

        var dataFolder = Directory.CreateTempSubdirectory("k1-bench-").FullName;
        var bmsDataFolder = Directory.CreateTempSubdirectory("bms-bench-").FullName;
        var identityPort = AppProcess.FreePort();
        var bmsPort = AppProcess.FreePort();
        var bmsUrl = $"http://127.0.0.1:{bmsPort}";
        var identityEnv = new Dictionary<string, string>(Deployed(dataFolder, identityPort))
        {
            // The demo tenant the benchmark accounts join.
            ["Demo__Seed"] = "true",
            ["Oidc__Clients__0__ClientId"] = CcClientId,
            ["Oidc__Clients__0__DisplayName"] = "Benchmark service",
            ["Oidc__Clients__0__ClientSecret"] = CcClientSecret,
            ["Oidc__Clients__0__AllowClientCredentials"] = "true",
            ["Oidc__Clients__1__ClientId"] = WebClientId,
            ["Oidc__Clients__1__DisplayName"] = "Benchmark web app",
            ["Oidc__Clients__1__ClientSecret"] = WebClientSecret,
            ["Oidc__Clients__1__RedirectUris__0"] = RedirectUri,
            // BMS, signing in through KaseyaOne as in the suite.
            ["Oidc__Clients__2__ClientId"] = BmsClientId,
            ["Oidc__Clients__2__DisplayName"] = "BMS (benchmark)",
            ["Oidc__Clients__2__ClientSecret"] = BmsClientSecret,
            ["Oidc__Clients__2__RedirectUris__0"] = bmsUrl + "/signin-kaseyaone",
            ["Oidc__Clients__2__PostLogoutRedirectUris__0"] = bmsUrl + "/signout-callback-kaseyaone",
            ["Oidc__Clients__2__Scopes__0"] = "profile",
            ["Oidc__Clients__2__Scopes__1"] = "email",
            ["Oidc__Clients__2__Scopes__2"] = "roles",
            ["Oidc__Clients__2__Scopes__3"] = "k1_tenant",
            ["Oidc__Clients__2__Scopes__4"] = "k1_tenant_links",
            ["Oidc__Clients__2__Scopes__5"] = "k1_launcher",
        };
        var identity = AppProcess.Start("KaseyaOne (Identity)", "dotnet", [Path.Combine(Repository.Output("Identity"), "SsoSuite.Identity.dll")],
            Repository.Output("Identity"), identityPort, identityEnv, Path.Combine(logFolder, "identity.log"));

        var bmsOutput = Repository.Output("Bms.App");
        var bms = AppProcess.Start("BMS (Bms.App)", "dotnet", [Path.Combine(bmsOutput, "SsoSuite.Bms.dll")],
            bmsOutput, bmsPort,
            new Dictionary<string, string>(Deployed(bmsDataFolder, bmsPort))
            {
                ["KaseyaOne__Authority"] = $"http://127.0.0.1:{identityPort}/",
                ["KaseyaOne__ClientId"] = BmsClientId,
                ["KaseyaOne__ClientSecret"] = BmsClientSecret,
                ["KaseyaOne__PublicUrl"] = bmsUrl + "/",
            }, Path.Combine(logFolder, "bms.log"));

        var ceilingPort = AppProcess.FreePort();
        var ceilingOutput = Repository.Output(Path.Combine("tests", "Benchmarks", "Ceiling"));
        var ceiling = AppProcess.Start("Kestrel ceiling", "dotnet", [Path.Combine(ceilingOutput, "SsoSuite.Benchmarks.Ceiling.dll")],
            ceilingOutput, ceilingPort,
            new Dictionary<string, string> { ["Urls"] = $"http://127.0.0.1:{ceilingPort}" }, Path.Combine(logFolder, "ceiling.log"));

        var peerPort = AppProcess.FreePort();
        var peer = AppProcess.Start($"oidc-provider {PeerVersion}", "node", ["server.js", peerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
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

        var targets = new Targets { Identity = identity, Bms = bms, Ceiling = ceiling, Peer = peer, DataFolder = dataFolder, BmsDataFolder = bmsDataFolder };
        await Task.WhenAll(
            identity.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(60), ct),
            bms.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(60), ct),
            ceiling.WaitUntilReadyAsync("/", TimeSpan.FromSeconds(30), ct),
            peer.WaitUntilReadyAsync("/.well-known/openid-configuration", TimeSpan.FromSeconds(30), ct));
        return targets;
    }

    /// <summary>
    /// What both apps get: Production, as an MSP runs them (no developer exception page); at most two malloc arenas,
    /// as the README's production section says (glibc's default is eight per core, and each thread-pool thread that
    /// touches SQLite or OpenSSL can end up holding one); Server-Timing on, for server time; and limits on sign-in
    /// posts, per address and per account, high enough for a load test from one address signing its accounts in again and again.
    /// </summary>
    private static Dictionary<string, string> Deployed(string dataFolder, int port) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["MALLOC_ARENA_MAX"] = "2",
        ["Diagnostics__ServerTiming"] = "true",
        ["RateLimits__SignInPostsPerMinute"] = "1000000",
        ["RateLimits__SignInPostsPerAccountPerMinute"] = "1000000",
        // Plain http on loopback, without a TLS proxy in front: Secure and __Host- cookies would not travel back.
        ["Transport__HttpsOnly"] = "false",
        ["DataFolder"] = dataFolder,
        ["Urls"] = $"http://127.0.0.1:{port}",
    };

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
        foreach (var folder in new[] { DataFolder, BmsDataFolder })
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
