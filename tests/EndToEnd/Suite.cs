using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// The suite on real loopback ports, as a browser meets it: KaseyaOne on one port (and BMS on another
/// once it joins), both on 127.0.0.1, so their cookies share a host exactly as on a developer's machine.
/// Chromium is Debian's (/usr/bin/chromium), headless.
/// </summary>
public sealed class Suite : IAsyncLifetime, IDisposable
{
    public string IdentityUrl { get; }
    public string DataRoot { get; } = Directory.CreateTempSubdirectory("ssosuite-e2e-").FullName;
    private readonly AppOnPort<Program> identity;
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public Suite()
    {
        var identityPort = FreePort();
        IdentityUrl = $"http://127.0.0.1:{identityPort}";
        identity = new AppOnPort<Program>(identityPort, new Dictionary<string, string?>
        {
            ["DataFolder"] = Path.Combine(DataRoot, "identity"),
            ["RateLimits:SignInPostsPerMinute"] = "100000",
        });
    }

    public async Task InitializeAsync()
    {
        identity.StartServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // Offline machine: Chromium's own background traffic would only fail; the sandbox needs a non-root user.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        await identity.DisposeAsync();
        try { Directory.Delete(DataRoot, recursive: true); } catch (IOException) { }
    }

    public void Dispose() => identity.Dispose();

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>An app of the suite, in process, on Kestrel at 127.0.0.1:port with the embedded default (Development).</summary>
public sealed class AppOnPort<TEntryPoint>(int port, IDictionary<string, string?> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "Suite";
}
