using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using OtpNet;
using SsoSuite.Bms;
using SsoSuite.Identity;

// Browser journeys run one at a time: two Chromiums and four apps would starve this machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SsoSuite.EndToEnd;

/// <summary>
/// The suite on real loopback ports, as a browser meets it: KaseyaOne and BMS as two apps of one machine.
/// With <see cref="HostNames"/> null both answer on 127.0.0.1 (one site, ports differ, as on a developer's
/// machine); with host names they are two sites (Chromium's --host-resolver-rules maps them to loopback),
/// where Chromium does not send BMS's cookie to a frame inside KaseyaOne's page.
/// Chromium is Debian's (/usr/bin/chromium), headless.
/// </summary>
public class Suite : IAsyncLifetime, IDisposable
{
    public string IdentityUrl { get; }
    public string BmsUrl { get; }
    public string DataRoot { get; } = Directory.CreateTempSubdirectory("ssosuite-e2e-").FullName;
    private readonly AppOnPort<IdentityApp> identity;
    private readonly AppOnPort<BmsApp> bms;
    private readonly (string Identity, string Bms)? hostNames;
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public Suite() : this(null)
    {
    }

    protected Suite((string Identity, string Bms)? hostNames)
    {
        this.hostNames = hostNames;
        var identityPort = FreePort();
        var bmsPort = FreePort();
        IdentityUrl = $"http://{hostNames?.Identity ?? "127.0.0.1"}:{identityPort}";
        BmsUrl = $"http://{hostNames?.Bms ?? "127.0.0.1"}:{bmsPort}";
        // With host names, the apps' server-to-server calls must find each other too (the browser's
        // resolver rules do not reach them): their back channels connect to loopback.
        Action<IServiceCollection>? identityServices = hostNames is null ? null : services => services
            .AddHttpClient(Identity.Sessions.BackChannelLogoutSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(LoopbackHandler);
        Action<IServiceCollection>? bmsServices = hostNames is null ? null : services => services
            .Configure<OpenIdConnectOptions>(Bms.KaseyaOne.KaseyaOneSetup.Scheme, o => o.BackchannelHttpHandler = LoopbackHandler());
        identity = new AppOnPort<IdentityApp>(identityPort, identityServices, new Dictionary<string, string?>
        {
            ["DataFolder"] = Path.Combine(DataRoot, "identity"),
            ["RateLimits:SignInPostsPerMinute"] = "100000",
            ["Oidc:Clients:0:RedirectUris:0"] = BmsUrl + "/signin-kaseyaone",
            ["Oidc:Clients:0:PostLogoutRedirectUris:0"] = BmsUrl + "/signout-callback-kaseyaone",
            ["Oidc:Clients:0:FrontChannelLogoutUri"] = BmsUrl + "/signout-kaseyaone",
            ["Oidc:Clients:0:BackChannelLogoutUri"] = BmsUrl + "/kaseyaone/backchannel-logout",
            ["Oidc:Clients:0:InitiateLoginUri"] = BmsUrl + "/kaseyaone/initiate-login",
            ["Launcher:Modules:0:Url"] = BmsUrl + "/",
            ["Launcher:Modules:0:Regions:US"] = BmsUrl + "/",
        });
        bms = new AppOnPort<BmsApp>(bmsPort, bmsServices, new Dictionary<string, string?>
        {
            ["DataFolder"] = Path.Combine(DataRoot, "bms"),
            ["RateLimits:SignInPostsPerMinute"] = "100000",
            ["KaseyaOne:Authority"] = IdentityUrl + "/",
            ["KaseyaOne:PublicUrl"] = BmsUrl + "/",
        });
    }

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            // Playwright's own browser download cannot work here; say what to do instead of its stack trace.
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {chromium}: install chromium (apt-get install chromium) or run ./run test, which installs it.");
        }
        identity.StartServer();
        bms.StartServer();
        // Warm both apps up (first requests compile pages and load the OpenID Connect metadata), so a busy
        // machine's cold start does not eat the browser steps' time.
        using (var warmUp = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectToLoopback }) { Timeout = TimeSpan.FromMinutes(2) })
        {
            foreach (var url in new[] { IdentityUrl + "/.well-known/openid-configuration", IdentityUrl + "/Accounts/Login",
                         BmsUrl + "/Accounts/Login", BmsUrl + "/kaseyaone/status?company=x" })
            {
                (await warmUp.GetAsync(url)).Dispose();
            }
        }
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

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        await bms.DisposeAsync();
        await identity.DisposeAsync();
        try { Directory.Delete(DataRoot, recursive: true); } catch (IOException) { }
    }

    public void Dispose()
    {
        bms.Dispose();
        identity.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task<IPage> NewPageAsync(IBrowserContext? context = null)
    {
        context ??= await Browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    // ---- KaseyaOne accounts' authenticators, shared by every journey of this suite ----------------

    private readonly Dictionary<string, (string Secret, long LastStep)> secrets = new();

    /// <summary>KaseyaOne's sign-in on the page shown: password, then the code (enrolling from the manual secret the first time).</summary>
    public async Task SignInAtKaseyaOneAsync(IPage page, string company, string userName)
    {
        await page.GetByLabel("Company name").FillAsync(company);
        await page.GetByLabel("Username").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync("Demo!Pass2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        var key = company + "/" + userName;
        var enrol = page.GetByText("Show secret key for manual configuration");
        var code = page.GetByLabel("6-digit code");
        await code.WaitForAsync();
        if (await enrol.IsVisibleAsync())
        {
            await enrol.ClickAsync();
            lock (secrets)
            {
                secrets[key] = (page.GetByTestId("secret-key").InnerTextAsync().GetAwaiter().GetResult().Trim(), 0);
            }
            await code.FillAsync(NextCode(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        }
        else
        {
            await code.FillAsync(NextCode(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
    }

    public static async Task LogInToBmsAsync(IPage page, string bmsUrl, string company, string userName)
    {
        await page.GotoAsync(bmsUrl + "/Accounts/Login");
        await page.GetByLabel("Company").FillAsync(company);
        await page.GetByLabel("Username").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync("Demo!Pass2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    private string NextCode(string key)
    {
        lock (secrets)
        {
            var (secret, last) = secrets[key];
            var step = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30, last + 1);
            while (step > DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 + 1)
            {
                Thread.Sleep(500);
            }
            secrets[key] = (secret, step);
            return new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
        }
    }

    private static SocketsHttpHandler LoopbackHandler() => new() { ConnectCallback = ConnectToLoopback };

    private static async ValueTask<Stream> ConnectToLoopback(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The suite with KaseyaOne and BMS on two different sites (host names mapped to loopback).</summary>
public sealed class TwoSiteSuite() : Suite(("k1.sso.test", "bms.psa.test"));

/// <summary>Suites of their own (fresh stores) for journeys that would otherwise see each other's links.</summary>
public sealed class LogoutSuite : Suite;

public sealed class LaunchSuite : Suite;

/// <summary>An app of the suite, in process, on Kestrel at 127.0.0.1:port with the embedded default (Development).</summary>
public sealed class AppOnPort<TEntryPoint>(int port, Action<IServiceCollection>? services, IDictionary<string, string?> settings)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "Suite";
}

[CollectionDefinition(Name)]
public sealed class TwoSiteCollection : ICollectionFixture<TwoSiteSuite>
{
    public const string Name = "Two sites";
}

[CollectionDefinition(Name)]
public sealed class LogoutCollection : ICollectionFixture<LogoutSuite>
{
    public const string Name = "Logout";
}

[CollectionDefinition(Name)]
public sealed class LaunchCollection : ICollectionFixture<LaunchSuite>
{
    public const string Name = "Launch";
}
