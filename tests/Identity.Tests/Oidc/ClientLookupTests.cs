using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using SsoSuite.Identity.Tests.Support;
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
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = "a-secret-of-at-least-thirty-two-characters",
                ClientType = ClientTypes.Confidential,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            }));

        try
        {
            Assert.NotNull(await Find());
            using var client = factory.CreateClient();
            var (response, _) = await new RelyingParty(client).TokenRequestAsync(ClientCredentials,
                basic: $"{clientId}:a-secret-of-at-least-thirty-two-characters");
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
}
