namespace SsoSuite.EndToEnd.Cluster;

/// <summary>
/// The suite as <c>./run cluster</c> runs it, on free loopback ports: two KaseyaOne instances on one fresh PostgreSQL
/// database and two BMS instances on another, each instance with a data folder of its own, and in front of each pair
/// the cluster's proxy (<c>tests/Cluster/Proxy</c>'s routes, health checks and retry, hosted in process), round-robin
/// with no affinity. The browser only ever sees the proxies: KaseyaOne's issuer is its proxy's URL, BMS's authority
/// is that proxy, and the BMS client's URIs point at BMS's proxy. All four apps read the suite's one clock.
/// Nothing starts without <see cref="TestPostgres.Server"/>: the journeys are then skipped.
/// </summary>
public sealed class ClusterSuite : Suite
{
    private readonly int identityProxyPort;
    private readonly int bmsProxyPort;
    private readonly List<KaseyaOneHost> identityInstances = [];
    private readonly List<BmsHost> bmsInstances = [];
    private readonly List<ClusterProxy> proxies = [];
    private readonly List<string> databases = [];

    public ClusterSuite() : this(FreePort(), FreePort())
    {
    }

    private ClusterSuite(int identityProxyPort, int bmsProxyPort)
        : base($"http://127.0.0.1:{identityProxyPort}", $"http://127.0.0.1:{bmsProxyPort}")
    {
        this.identityProxyPort = identityProxyPort;
        this.bmsProxyPort = bmsProxyPort;
    }

    /// <summary>What KaseyaOne's proxy sent where (destinations <c>instance-1</c> and <c>instance-2</c>).</summary>
    public ProxyLog IdentityProxy { get; } = new();

    public ProxyLog BmsProxy { get; } = new();

    public override Task InitializeAsync() => TestPostgres.Server is null ? Task.CompletedTask : base.InitializeAsync();

    protected override async Task StartAppsAsync()
    {
        var identityDatabase = NewDatabase();
        var bmsDatabase = NewDatabase();
        int[] identityPorts = [FreePort(), FreePort()];
        int[] bmsPorts = [FreePort(), FreePort()];
        for (var i = 0; i < 2; i++)
        {
            identityInstances.Add(new KaseyaOneHost(Path.Combine(DataRoot, $"identity-{i + 1}"), new Uri(BmsUrl), Authenticator,
                InstanceSettings(identityDatabase, ("Oidc:Issuer", IdentityUrl + "/"))) { Port = identityPorts[i] });
            bmsInstances.Add(new BmsHost(Path.Combine(DataRoot, $"bms-{i + 1}"), new Uri(IdentityUrl), new Uri(BmsUrl), Authenticator,
                InstanceSettings(bmsDatabase)) { Port = bmsPorts[i] });
        }
        // Both instances of each app start at the same moment, as ./run cluster starts them: one migrates and seeds
        // under the start-up lock, the other finds it done.
        await Task.WhenAll(identityInstances.Select(h => Task.Run(h.StartServer)).Concat(bmsInstances.Select(h => Task.Run(h.StartServer))));
        proxies.Add(await ClusterProxy.StartAsync(identityProxyPort, identityPorts, Path.Combine(DataRoot, "identity-proxy"), IdentityProxy));
        proxies.Add(await ClusterProxy.StartAsync(bmsProxyPort, bmsPorts, Path.Combine(DataRoot, "bms-proxy"), BmsProxy));
        // Each instance directly, so that the proxies' logs hold the journeys' requests only.
        for (var i = 0; i < 2; i++)
        {
            await WarmUpAsync($"http://127.0.0.1:{identityPorts[i]}", $"http://127.0.0.1:{bmsPorts[i]}");
        }
    }

    private string NewDatabase()
    {
        var database = TestPostgres.NewDatabase();
        databases.Add(database);
        return database;
    }

    private static Dictionary<string, string?> InstanceSettings(string database, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = database,
            // Behind the proxy: the client's address and scheme from X-Forwarded-For/-Proto, believed from the proxy only.
            ["Transport:KnownProxies:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>
    /// The KaseyaOne instance behind destination <paramref name="instance"/> dies. In process there is no
    /// <c>kill -9</c>; its server is stopped with no grace period instead (connections cut, port closed, no more
    /// answers), which is what the proxy and the other instance see of a killed process.
    /// </summary>
    public Task KillIdentityInstanceAsync(string instance) =>
        identityInstances[int.Parse(instance["instance-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1].KillAsync();

    protected override async Task StopAppsAsync()
    {
        foreach (var proxy in proxies)
        {
            await proxy.DisposeAsync();
        }
        foreach (var instance in bmsInstances)
        {
            await instance.DisposeAsync();
        }
        foreach (var instance in identityInstances)
        {
            await instance.DisposeAsync();
        }
        foreach (var database in databases)
        {
            TestPostgres.Drop(database);
        }
    }
}
