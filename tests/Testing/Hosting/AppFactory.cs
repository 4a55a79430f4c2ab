using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Testing.Browsing;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// One of the apps in process, as every test starts it: the embedded Development default on a fresh data folder
/// (SQLite file, key ring, signing keys) seeded with the demo data, sign-in rate limits out of the way, and a
/// clock the tests move (<see cref="Clock"/>, shared with <see cref="Authenticator"/> and, in a suite, with the
/// other app). In memory by default; on Kestrel at 127.0.0.1:<see cref="Port"/> for a real browser.
/// </summary>
public abstract class AppFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly bool ownsFolder;
    private IHost? host;

    /// <param name="dataFolder">An existing folder (a restart on the same store), which stays with its owner; or a new one.</param>
    /// <param name="authenticator">The authenticator, and so the clock, shared with other apps of a suite.</param>
    protected AppFactory(string? dataFolder = null, Authenticator? authenticator = null)
    {
        ownsFolder = dataFolder is null;
        DataFolder = dataFolder ?? NewDataFolder();
        Authenticator = authenticator ?? new Authenticator();
        ClientOptions.AllowAutoRedirect = false;
    }

    public string DataFolder { get; }

    public Authenticator Authenticator { get; }

    /// <summary>The app's <see cref="TimeProvider"/>: it moves only when a test (or the authenticator) moves it.</summary>
    public FakeTimeProvider Clock => Authenticator.Clock;

    /// <summary>When set, the app listens on this loopback port (Kestrel) instead of the in-memory test server.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// Sign-in posts one account may take per minute (SPEC rule 13): by default more than any test makes, so that
    /// tests signing one account in again and again are not refused; a test of the limit sets its own.
    /// </summary>
    public int SignInPostsPerAccountPerMinute { get; init; } = 100_000;

    /// <summary>
    /// When set, receives what the app logs, as its console would print it (the app's own level settings apply): for
    /// tests of what an operator reads.
    /// </summary>
    public FakeLoggerProvider? Logs { get; init; }

    /// <summary>Settings this app runs with beyond the tests' defaults.</summary>
    protected IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    private static string NewDataFolder() => Directory.CreateTempSubdirectory("ssosuite-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", DataFolder);
        // Every test request comes from one address; the per-address limit has tests of its own.
        builder.UseSetting("RateLimits:SignInPostsPerMinute", "100000");
        builder.UseSetting("RateLimits:SignInPostsPerAccountPerMinute", SignInPostsPerAccountPerMinute.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureServices(services);
        });
        if (Logs is { } logs)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        }
        if (Port is { } port)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        host = base.CreateHost(builder);
        return host;
    }

    /// <summary>
    /// Stops the app as a crash would, as far as its clients can tell: Kestrel is stopped with its grace period already
    /// over, so open connections are cut, answers under way are lost, and nothing listens on its port any more.
    /// </summary>
    public Task KillAsync() =>
        (host ?? throw new InvalidOperationException("The app has not started.")).StopAsync(new CancellationToken(canceled: true));

    /// <summary>Services a derived factory replaces for its tests (after the app's own).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// A form browser on this app's in-memory server (following redirects to <paramref name="otherSites"/> too),
    /// whose user's authenticator app reads this app's clock.
    /// </summary>
    public FormBrowser NewBrowser(params Uri[] otherSites) =>
        new(new HttpMessageInvoker(Server.CreateHandler()), Server.BaseAddress, otherSites) { Authenticator = Authenticator };

    /// <summary>
    /// What this app adds to one of its own counters (<c>kaseyaone.signins</c> of meter <c>kaseyaone.accounts</c>) from now
    /// on; this app's alone, since every app in process has its own meters.
    /// </summary>
    public MetricCollector<long> Counter(string meter, string instrument) =>
        new(Services.GetRequiredService<IMeterFactory>(), meter, instrument);

    /// <summary>Runs <paramref name="action"/> in a scope of the app's services (its DbContext, hasher, options).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsFolder)
        {
            DeleteDataFolder();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsFolder)
        {
            DeleteDataFolder();
        }
        GC.SuppressFinalize(this);
    }

    private void DeleteDataFolder()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // SQLite may still hold its file for a moment; the temporary folder goes with the machine's cleanup.
        }
    }
}
