using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

// Browser journeys run one at a time: two Chromiums and four apps would starve this machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SsoSuite.EndToEnd;

/// <summary>
/// The suite on real loopback ports, as a browser meets it: KaseyaOne and BMS as two apps of one machine.
/// With <see cref="HostNames"/> null both answer on 127.0.0.1 (one site, ports differ, as on a developer's
/// machine); with host names they are two sites (Chromium's --host-resolver-rules maps them to loopback),
/// where Chromium does not send BMS's cookie to a frame inside KaseyaOne's page.
/// Chromium is Debian's (/usr/bin/chromium), headless. Both apps read one clock, which the suite's
/// <see cref="Authenticator"/> moves to the next TOTP step when an account needs a second code within one.
/// </summary>
public class Suite : IAsyncLifetime, IDisposable
{
    public string IdentityUrl { get; }
    public string BmsUrl { get; }
    public string DataRoot { get; } = Directory.CreateTempSubdirectory("ssosuite-e2e-").FullName;
    private readonly KaseyaOneHost? identity;
    private readonly BmsHost? bms;
    private readonly (string Identity, string Bms)? hostNames;
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The authenticator app of every KaseyaOne account the journeys enrol, on the apps' clock.</summary>
    public Authenticator Authenticator { get; } = new();

    public Suite() : this(null)
    {
    }

    /// <summary>A suite whose apps a derived suite starts itself (<see cref="StartAppsAsync"/>) at these URLs.</summary>
    protected Suite(string identityUrl, string bmsUrl)
    {
        IdentityUrl = identityUrl;
        BmsUrl = bmsUrl;
    }

    /// <param name="identitySettings">KaseyaOne settings beyond the suite's (another deployment's client, say).</param>
    protected Suite((string Identity, string Bms)? hostNames, IDictionary<string, string?>? identitySettings = null)
    {
        this.hostNames = hostNames;
        var identityPort = FreePort();
        var bmsPort = FreePort();
        IdentityUrl = $"http://{hostNames?.Identity ?? "127.0.0.1"}:{identityPort}";
        BmsUrl = $"http://{hostNames?.Bms ?? "127.0.0.1"}:{bmsPort}";
        // With host names, the apps' server-to-server calls must find each other too (the browser's
        // resolver rules do not reach them): their back channels connect to loopback.
        Func<HttpMessageHandler>? backChannel = hostNames is null ? null : LoopbackHandler;
        identity = new KaseyaOneHost(Path.Combine(DataRoot, "identity"), new Uri(BmsUrl), Authenticator, identitySettings)
        {
            Port = identityPort,
            BackChannel = backChannel,
        };
        bms = new BmsHost(Path.Combine(DataRoot, "bms"), new Uri(IdentityUrl), new Uri(BmsUrl), Authenticator)
        {
            Port = bmsPort,
            BackChannel = backChannel,
        };
    }

    public virtual async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            // Playwright's own browser download cannot work here; say what to do instead of its stack trace.
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {chromium}: install chromium (apt-get install chromium) or run ./run test, which installs it.");
        }
        await StartAppsAsync();
        playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(20_000);
        List<string> args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
        if (hostNames is { } names)
        {
            args.Add($"--host-resolver-rules=MAP {names.Identity} 127.0.0.1, MAP {names.Bms} 127.0.0.1");
        }
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = args,
        });
    }

    /// <summary>Starts the apps and warms them up before the browser is launched.</summary>
    protected virtual async Task StartAppsAsync()
    {
        identity!.StartServer();
        bms!.StartServer();
        await WarmUpAsync(IdentityUrl, BmsUrl);
    }

    /// <summary>
    /// First requests compile pages and load the OpenID Connect metadata: made before the journeys, so that a busy
    /// machine's cold start does not eat the browser steps' time.
    /// </summary>
    protected static async Task WarmUpAsync(string identityUrl, string bmsUrl)
    {
        using var warmUp = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectToLoopback }) { Timeout = TimeSpan.FromMinutes(2) };
        foreach (var url in new[] { identityUrl + "/.well-known/openid-configuration", identityUrl + "/Accounts/Login",
                     bmsUrl + "/Accounts/Login", bmsUrl + "/kaseyaone/status?company=x" })
        {
            (await warmUp.GetAsync(url)).Dispose();
        }
    }

    protected virtual async Task StopAppsAsync()
    {
        await bms!.DisposeAsync();
        await identity!.DisposeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        await StopAppsAsync();
        try { Directory.Delete(DataRoot, recursive: true); } catch (IOException) { }
    }

    public void Dispose()
    {
        bms?.Dispose();
        identity?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task<IPage> NewPageAsync(IBrowserContext? context = null)
    {
        context ??= await Browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    private static SocketsHttpHandler LoopbackHandler() => new() { ConnectCallback = ConnectToLoopback };

    private static async ValueTask<Stream> ConnectToLoopback(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
        return new NetworkStream(socket, ownsSocket: true);
    }

    protected static int FreePort() => LoopbackPort.Free();
}
