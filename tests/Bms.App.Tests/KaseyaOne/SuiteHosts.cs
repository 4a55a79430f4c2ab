using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Identity;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// KaseyaOne and BMS together, in process: KaseyaOne answers as http://k1.test, BMS as http://bms.test.
/// BMS's OpenID Connect back channel goes to KaseyaOne's test server and KaseyaOne's back-channel
/// logout goes to BMS's, so every protocol message really travels between the two apps.
/// </summary>
public class SuiteHosts : IAsyncLifetime
{
    public const string K1 = "http://k1.test";
    public const string Bms = "http://bms.test";
    public const string BmsClientSecret = "bms-development-secret-change-me-0123456789abcdef";

    private readonly string root = Directory.CreateTempSubdirectory("suite-test-").FullName;
    public IdentityHost Identity { get; }
    public BmsHost BmsApp { get; }

    /// <summary>While false, BMS's back-channel endpoint answers KaseyaOne 503, as a BMS that is down would.</summary>
    public bool BmsReachable { get; set; } = true;

    public SuiteHosts() : this(clock: null, identitySettings: null)
    {
    }

    /// <summary>Both apps on one <paramref name="clock"/> (when given), KaseyaOne with extra settings.</summary>
    protected SuiteHosts(TimeProvider? clock, IDictionary<string, string?>? identitySettings)
    {
        BmsApp = new BmsHost(Path.Combine(root, "bms"), () => Identity!.Server.CreateHandler(), clock);
        Identity = new IdentityHost(Path.Combine(root, "identity"), () => new Reachability(this, BmsApp.Server.CreateHandler()),
            clock, identitySettings);
    }

    private sealed class Reachability(SuiteHosts hosts, HttpMessageHandler bms) : DelegatingHandler(bms)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            hosts.BmsReachable
                ? base.SendAsync(request, cancellationToken)
                : Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable));
    }

    public Task InitializeAsync()
    {
        _ = Identity.Server;
        _ = BmsApp.Server;
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await BmsApp.DisposeAsync();
        await Identity.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    public SuiteBrowser NewBrowser() => new(this);

    /// <summary>Called before a one-time code is typed: a controllable clock left behind real time would refuse it.</summary>
    public virtual void BeforeCode()
    {
    }

    public HttpMessageHandler HandlerFor(Uri uri) => uri.Host switch
    {
        "k1.test" => Identity.Server.CreateHandler(),
        "bms.test" => BmsApp.Server.CreateHandler(),
        _ => throw new InvalidOperationException("The browser left the suite for " + uri),
    };
}

public sealed class IdentityHost(string dataFolder, Func<HttpMessageHandler> bms, TimeProvider? clock = null,
    IDictionary<string, string?>? settings = null) : WebApplicationFactory<IdentityApp>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", dataFolder);
        builder.UseSetting("RateLimits:SignInPostsPerMinute", "100000");
        // The tests read BMS right after an end: the first delivery must be done by then, however busy the machine.
        builder.UseSetting("Sessions:Delivery:InlineWait", "00:01:00");
        builder.UseSetting("Oidc:Clients:0:RedirectUris:0", SuiteHosts.Bms + "/signin-kaseyaone");
        builder.UseSetting("Oidc:Clients:0:PostLogoutRedirectUris:0", SuiteHosts.Bms + "/signout-callback-kaseyaone");
        builder.UseSetting("Oidc:Clients:0:FrontChannelLogoutUri", SuiteHosts.Bms + "/signout-kaseyaone");
        builder.UseSetting("Oidc:Clients:0:BackChannelLogoutUri", SuiteHosts.Bms + "/kaseyaone/backchannel-logout");
        builder.UseSetting("Oidc:Clients:0:InitiateLoginUri", SuiteHosts.Bms + "/kaseyaone/initiate-login");
        builder.UseSetting("Launcher:Modules:0:Url", SuiteHosts.Bms + "/");
        builder.UseSetting("Launcher:Modules:0:Regions:US", SuiteHosts.Bms + "/");
        builder.ConfigureTestServices(services => services.AddHttpClient(LogoutDeliverySender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(bms));
    }
}

public sealed class BmsHost(string dataFolder, Func<HttpMessageHandler> identity, TimeProvider? clock = null) : WebApplicationFactory<BmsApp>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", dataFolder);
        builder.UseSetting("RateLimits:SignInPostsPerMinute", "100000");
        builder.UseSetting("KaseyaOne:Authority", SuiteHosts.K1 + "/");
        builder.UseSetting("KaseyaOne:ClientId", "bms");
        builder.UseSetting("KaseyaOne:ClientSecret", SuiteHosts.BmsClientSecret);
        builder.UseSetting("KaseyaOne:PublicUrl", SuiteHosts.Bms + "/");
        // Configure (not PostConfigure) runs before the handler builds its back channel from this.
        builder.ConfigureTestServices(services => services.Configure<OpenIdConnectOptions>(KaseyaOneSetup.Scheme,
            o => o.BackchannelHttpHandler = identity()));
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteHosts>
{
    public const string Name = "KaseyaOne and BMS";
}
