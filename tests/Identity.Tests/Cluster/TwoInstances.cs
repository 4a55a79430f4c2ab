using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// Two KaseyaOne instances on one fresh PostgreSQL database, each with its own data folder (nothing shared but the
/// database), started at the same moment, on one clock. Both answer as http://localhost, like two instances behind
/// one proxy.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public string ConnectionString { get; } = TestPostgres.Server is null ? "" : TestPostgres.NewDatabase();
    private readonly Authenticator authenticator = new();

    public IdentityFactory A { get; private set; } = null!;
    public IdentityFactory B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        A = Instance();
        B = Instance();
        await Task.WhenAll(Task.Run(() => A.Server), Task.Run(() => B.Server));
    }

    /// <summary>
    /// A third instance on the same database with <paramref name="settings"/> on top, started: a deployment rolling
    /// out new settings (the caller disposes it).
    /// </summary>
    public async Task<IdentityFactory> StartAnotherAsync(IDictionary<string, string?> settings)
    {
        var another = Instance(settings);
        await Task.Run(() => another.Server);
        return another;
    }

    private IdentityFactory Instance(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = ConnectionString,
            // Only the tests sweep (Housekeeping.RunOnceAsync), so that they decide when both instances sweep at once.
            ["Sessions:SweepInterval"] = "7.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return IdentityFactory.On(null, all, authenticator);
    }

    /// <summary>One browser (one cookie jar, one authenticator app) whose requests go to A or B as the test says.</summary>
    public (FormBrowser AtA, FormBrowser AtB) Browser()
    {
        var atA = A.NewBrowser();
        return (atA, new FormBrowser(new HttpMessageInvoker(B.Server.CreateHandler()), B.Server.BaseAddress)
        {
            Cookies = atA.Cookies,
            Authenticator = authenticator,
        });
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        await A.DisposeAsync();
        await B.DisposeAsync();
        TestPostgres.Drop(ConnectionString);
    }
}
