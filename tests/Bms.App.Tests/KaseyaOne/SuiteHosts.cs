using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// KaseyaOne and BMS together, in process, on one clock: KaseyaOne answers as http://k1.test, BMS as
/// http://bms.test. BMS's OpenID Connect back channel goes to KaseyaOne's test server and KaseyaOne's back-channel
/// logout goes to BMS's, so every protocol message really travels between the two apps.
/// </summary>
public class SuiteHosts : IAsyncLifetime
{
    public const string K1 = "http://k1.test";
    public const string Bms = "http://bms.test";

    private readonly string root = Directory.CreateTempSubdirectory("suite-test-").FullName;
    private readonly Dictionary<string, Func<HttpMessageHandler>> sites;

    public SuiteHosts() : this(identitySettings: null)
    {
    }

    /// <summary>Both apps, KaseyaOne with extra settings.</summary>
    protected SuiteHosts(IDictionary<string, string?>? identitySettings) : this(identitySettings, logs: null)
    {
    }

    /// <summary>Both apps, KaseyaOne with extra settings, each app logging to <paramref name="logs"/> too.</summary>
    protected SuiteHosts(IDictionary<string, string?>? identitySettings, FakeLoggerProvider? logs)
    {
        var authenticator = new Authenticator();
        BmsApp = new BmsHost(Path.Combine(root, "bms"), new Uri(K1), new Uri(Bms), authenticator)
        {
            BackChannel = () => new KaseyaOneOutage(this, Identity!.Server.CreateHandler()),
            Logs = logs,
        };
        Identity = new KaseyaOneHost(Path.Combine(root, "identity"), new Uri(Bms), authenticator, identitySettings)
        {
            BackChannel = () => new Reachability(this, BmsApp.Server.CreateHandler()),
            Logs = logs,
        };
        sites = new Dictionary<string, Func<HttpMessageHandler>>
        {
            [new Uri(K1).Authority] = () => Identity.Server.CreateHandler(),
            [new Uri(Bms).Authority] = () => BmsApp.Server.CreateHandler(),
        };
    }

    public KaseyaOneHost Identity { get; }
    public BmsHost BmsApp { get; }

    /// <summary>The clock both apps and the authenticator read.</summary>
    public FakeTimeProvider Clock => Identity.Clock;

    /// <summary>While false, BMS's back-channel endpoint answers KaseyaOne 503, as a BMS that is down would.</summary>
    public bool BmsReachable { get; set; } = true;

    /// <summary>While false, BMS's calls to KaseyaOne (token endpoint, link API) find no server, as when KaseyaOne is down.</summary>
    public bool KaseyaOneReachable { get; set; } = true;

    /// <summary>While set, KaseyaOne's link API answers BMS's calls with this status (a KaseyaOne that fails inside).</summary>
    public System.Net.HttpStatusCode? KaseyaOneLinkApiAnswers { get; set; }

    public Task InitializeAsync()
    {
        _ = Identity.Server;
        _ = BmsApp.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await BmsApp.DisposeAsync();
        await Identity.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    /// <summary>A browser across both apps (starting at BMS), with the suite's authenticator app.</summary>
    public FormBrowser NewBrowser() => NewBrowser(barrier: null);

    /// <summary>A browser whose requests for the barrier's path wait for it to open.</summary>
    public FormBrowser NewBrowser(RequestBarrier? barrier) =>
        new(new HttpMessageInvoker(barrier is null ? new SiteRouter(sites) : barrier.Before(new SiteRouter(sites))), new Uri(Bms), new Uri(K1))
        {
            Authenticator = Identity.Authenticator,
        };

    private sealed class KaseyaOneOutage(SuiteHosts hosts, HttpMessageHandler identity) : DelegatingHandler(identity)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            !hosts.KaseyaOneReachable
                ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (k1.test:80)")
                : hosts.KaseyaOneLinkApiAnswers is { } status && request.RequestUri!.AbsolutePath.Contains("-links/", StringComparison.Ordinal)
                    ? Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request })
                    : base.SendAsync(request, cancellationToken);
    }

    private sealed class Reachability(SuiteHosts hosts, HttpMessageHandler bms) : DelegatingHandler(bms)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            hosts.BmsReachable
                ? base.SendAsync(request, cancellationToken)
                : Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable));
    }
}
