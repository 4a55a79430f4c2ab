using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// Two KaseyaOne instances as real processes (the built SsoSuite.Identity.dll, Development, so the demo accounts are
/// seeded once) on one fresh PostgreSQL database, each with a data folder of its own, behind the cluster's proxy
/// (round-robin, no affinity), as <c>./run cluster</c> runs them. Real processes, so that one can be killed with SIGKILL.
/// They run on the real clock: the authenticator's only reads it.
/// </summary>
public sealed class TwoInstanceProcesses : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("ssosuite-processes-").FullName;
    private readonly Dictionary<string, AppInstanceProcess> instances = [];

    public string ConnectionString { get; } = TestPostgres.Server is null ? "" : TestPostgres.NewDatabase();

    public ClusterProxy Proxy { get; private set; } = null!;

    public Authenticator Authenticator { get; } = new();

    /// <summary>The instance behind proxy destination <c>instance-1</c> or <c>instance-2</c>.</summary>
    public AppInstanceProcess this[string instance] => instances[instance];

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        var proxyPort = LoopbackPort.Free();
        int[] ports = [LoopbackPort.Free(), LoopbackPort.Free()];
        for (var i = 0; i < ports.Length; i++)
        {
            var settings = new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DataFolder"] = Path.Combine(root, $"identity-{i + 1}"),
                ["ConnectionStrings:Default"] = ConnectionString,
                ["Oidc:Issuer"] = $"http://127.0.0.1:{proxyPort}/",
                // Behind the proxy: the client's address and scheme from X-Forwarded-For/-Proto, believed from the proxy only.
                ["Transport:KnownProxies:0"] = "127.0.0.1",
            };
            IdentityFactory.AddTestClient(settings);
            instances[$"instance-{i + 1}"] = AppInstanceProcess.Start("Identity", "SsoSuite.Identity.dll", ports[i], settings);
        }
        // Started together: one migrates and seeds under the start-up lock, the other finds it done. A generous wait:
        // on a CI machine busy with other builds, two processes starting on two cores can take minutes.
        await Task.WhenAll(instances.Values.Select(i => i.WaitUntilReadyAsync(TimeSpan.FromSeconds(300))));
        // Health asked often, so that a killed instance leaves the rotation within about a second.
        Proxy = await ClusterProxy.StartAsync(proxyPort, ports, Path.Combine(root, "proxy"), healthInterval: TimeSpan.FromMilliseconds(250));
    }

    /// <summary>A browser that only ever talks to the proxy, with the cluster's authenticator app.</summary>
    public FormBrowser Browser() =>
        new(new HttpMessageInvoker(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }), Proxy.Url)
        {
            Authenticator = Authenticator,
        };

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
        foreach (var instance in instances.Values)
        {
            await instance.DisposeAsync();
        }
        TestPostgres.Drop(ConnectionString);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
