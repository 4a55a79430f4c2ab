namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// KaseyaOne and BMS together, in process, on one clock: KaseyaOne answers as http://k1.test, BMS as
/// http://bms.test. BMS's OpenID Connect back channel goes to KaseyaOne's test server and KaseyaOne's back-channel
/// logout goes to BMS's, so every protocol message really travels between the two apps.
/// </summary>
public sealed class SuiteHosts : IAsyncLifetime
{
    public const string K1 = "http://k1.test";
    public const string Bms = "http://bms.test";

    private readonly string root = Directory.CreateTempSubdirectory("suite-test-").FullName;
    private readonly Dictionary<string, Func<HttpMessageHandler>> sites;

    public SuiteHosts()
    {
        var authenticator = new Authenticator();
        BmsApp = new BmsHost(Path.Combine(root, "bms"), new Uri(K1), new Uri(Bms), authenticator)
        {
            BackChannel = () => Identity!.Server.CreateHandler(),
        };
        Identity = new KaseyaOneHost(Path.Combine(root, "identity"), new Uri(Bms), authenticator)
        {
            BackChannel = () => BmsApp.Server.CreateHandler(),
        };
        sites = new Dictionary<string, Func<HttpMessageHandler>>
        {
            [new Uri(K1).Authority] = () => Identity.Server.CreateHandler(),
            [new Uri(Bms).Authority] = () => BmsApp.Server.CreateHandler(),
        };
    }

    public KaseyaOneHost Identity { get; }
    public BmsHost BmsApp { get; }

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
    public FormBrowser NewBrowser() =>
        new(new HttpMessageInvoker(new SiteRouter(sites)), new Uri(Bms), new Uri(K1)) { Authenticator = Identity.Authenticator };
}
