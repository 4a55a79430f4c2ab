using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// Requests naming made-up clients cost the store nothing each: KaseyaOne knows every client id there is, so a token
/// request naming one no client has is refused from memory, however many different ones arrive (each used to be a read
/// of the clients table, which a flood of them would turn into load on the store). A client registered later is found
/// at once.
/// </summary>
public sealed class ClientLookupTests(IdentityOnEachStore stores) : IClassFixture<IdentityOnEachStore>
{
    private static readonly Dictionary<string, string> ClientCredentials = new() { ["grant_type"] = "client_credentials" };

    private const string Secret = "a-secret-of-at-least-thirty-two-characters";

    /// <summary>A client of its own service (client credentials), as a test adds one while the app runs.</summary>
    private static OpenIddictApplicationDescriptor NewClient(string clientId) => new()
    {
        ClientId = clientId,
        ClientSecret = Secret,
        ClientType = ClientTypes.Confidential,
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
    };

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_TokenRequestsNamingMadeUpClients_AreRefusedWithoutAReadOfTheClientsEach(Store store)
    {
        var factory = stores.On(store);
        using var client = factory.CreateClient();
        var rp = new RelyingParty(client);
        var connection = await factory.StoreConnectionStringAsync();
        // The first may read the list of client ids.
        await rp.TokenRequestAsync(ClientCredentials, basic: "made-up-0:whatever-whatever-whatever-12");

        using (var reads = StoreReads.Of("OpenIddictApplications", connection))
        {
            for (var i = 1; i <= 20; i++)
            {
                var (response, error) = await rp.TokenRequestAsync(ClientCredentials, basic: $"made-up-{i}-{Guid.NewGuid():N}:whatever-whatever-whatever-12");
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal(Errors.InvalidClient, error.GetProperty("error").GetString());
            }
            Assert.Equal(0, reads.Count);
        }

        var (ok, body) = await rp.TokenRequestAsync(ClientCredentials);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task Rule13_MadeUpClientIds_CostNoReadEach_WhileAnotherAppOfTheProcessChangesItsOwnClients()
    {
        // A fresh app: its start registered its clients, so the first made-up id reads its list of ids.
        await using var factory = IdentityFactory.On(null);
        using var client = factory.CreateClient();
        var rp = new RelyingParty(client);
        var connection = await factory.StoreConnectionStringAsync();
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource);
        var other = stores.On(Store.Sqlite);
        await AddAndRemoveAClientAsync(other); // started before it is needed below
        var changedMeanwhile = 0;
        // Each time this app reads its ids, another app of the process (on a store of its own) adds and removes a client.
        using (EfCoreEvents.Observe(RelationalEventId.CommandExecuting, data =>
        {
            if (data is CommandEventData { Command: { Connection: SqliteConnection sqlite } command }
                && command.CommandText.Contains("FROM \"OpenIddictApplications\"", StringComparison.Ordinal)
                && Path.GetFullPath(new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource) == file)
            {
                Interlocked.Increment(ref changedMeanwhile);
                Task.Run(() => AddAndRemoveAClientAsync(other)).GetAwaiter().GetResult();
            }
        }))
        {
            await rp.TokenRequestAsync(ClientCredentials, basic: "made-up-0:whatever-whatever-whatever-12");
        }
        Assert.NotEqual(0, changedMeanwhile);

        using var reads = StoreReads.Of("OpenIddictApplications", connection);
        for (var i = 1; i <= 20; i++)
        {
            var (response, _) = await rp.TokenRequestAsync(ClientCredentials, basic: $"made-up-{i}-{Guid.NewGuid():N}:whatever-whatever-whatever-12");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(0, reads.Count);
    }

    private static Task<object> AddAndRemoveAClientAsync(IdentityFactory app) => app.InScopeAsync(async services =>
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        var added = await manager.CreateAsync(NewClient("passing-" + Guid.NewGuid().ToString("N")[..8]));
        await manager.DeleteAsync(added);
        return added;
    });

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule14_AClientRegisteredAfterUnknownIdsWereRefused_IsFoundAtOnce(Store store)
    {
        var factory = stores.On(store);
        var clientId = "late-" + Guid.NewGuid().ToString("N")[..8];
        Task<object?> Find() => factory.InScopeAsync(async services =>
            await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId));
        Assert.Null(await Find());

        var created = await factory.InScopeAsync(async services =>
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(NewClient(clientId)));

        try
        {
            Assert.NotNull(await Find());
            using var client = factory.CreateClient();
            var (response, _) = await new RelyingParty(client).TokenRequestAsync(ClientCredentials,
                basic: $"{clientId}:{Secret}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await factory.InScopeAsync(async services =>
            {
                var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
                await manager.DeleteAsync((await manager.FindByClientIdAsync(clientId))!);
                return created;
            });
        }
    }

    [Fact]
    public async Task Rule14_AClientRenamedThroughTheManager_IsNoLongerFoundByItsOldIdAtOnce()
    {
        var factory = stores.On(Store.Sqlite);
        var oldId = "old-" + Guid.NewGuid().ToString("N")[..8];
        var newId = "new-" + Guid.NewGuid().ToString("N")[..8];
        Task<string?> ClientIdFoundFor(string clientId) => factory.InScopeAsync(async services =>
        {
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            return await manager.FindByClientIdAsync(clientId) is { } found ? await manager.GetClientIdAsync(found) : null;
        });
        await factory.InScopeAsync(async services => await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(
            NewClient(oldId)));
        // Found, and so kept in memory under its id.
        Assert.Equal(oldId, await ClientIdFoundFor(oldId));
        Assert.Equal(oldId, await ClientIdFoundFor(oldId));

        await factory.InScopeAsync(async services =>
        {
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            var application = (await manager.FindByClientIdAsync(oldId))!;
            var renamed = new OpenIddictApplicationDescriptor();
            await manager.PopulateAsync(renamed, application);
            renamed.ClientId = newId;
            renamed.ClientSecret = Secret;
            await manager.UpdateAsync(application, renamed);
            return true;
        });

        try
        {
            Assert.Null(await ClientIdFoundFor(oldId));
            Assert.Equal(newId, await ClientIdFoundFor(newId));
        }
        finally
        {
            await factory.InScopeAsync(async services =>
            {
                var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
                await manager.DeleteAsync((await manager.FindByClientIdAsync(newId))!);
                return true;
            });
        }
    }
}
