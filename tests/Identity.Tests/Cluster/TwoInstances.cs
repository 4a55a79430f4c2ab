using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// Two KaseyaOne instances on one fresh PostgreSQL database, each with its own data folder (nothing shared but the
/// database), started at the same moment. Both answer as http://localhost, like two instances behind one proxy.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public string ConnectionString { get; } = TestPostgres.Server is null ? "" : TestPostgres.NewDatabase();
    private readonly List<string> folders = [];

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

    private IdentityFactory Instance()
    {
        var folder = IdentityFactory.NewFolder();
        folders.Add(folder);
        return IdentityFactory.On(folder, new Dictionary<string, string?> { ["ConnectionStrings:Default"] = ConnectionString });
    }

    /// <summary>A browser whose requests go to A or B as the test says, with one cookie jar (cookies ignore instances).</summary>
    public (K1Browser AtA, K1Browser AtB) Browser()
    {
        var cookies = new CookieContainer();
        return (new K1Browser(A.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies),
                new K1Browser(B.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies));
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
        foreach (var folder in folders)
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
