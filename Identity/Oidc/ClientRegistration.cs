using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SsoSuite.Shared.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// Writes the clients declared in appsettings into OpenIddict's store at start: creates the missing ones,
/// updates the changed ones, removes the ones no longer declared. Running it twice changes nothing; with several
/// instances it runs under the start-up lock, so two of them starting together do not both create a client.
/// </summary>
public sealed class ClientRegistration(IOptions<OidcOptions> options, ILogger<ClientRegistration> logger) : IStoreStartupStep
{
    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        var declared = options.Value.Clients.ToDictionary(c => c.ClientId, StringComparer.Ordinal);

        await foreach (var application in manager.ListAsync(cancellationToken: cancellationToken))
        {
            var clientId = await manager.GetClientIdAsync(application, cancellationToken);
            if (clientId is null || !declared.ContainsKey(clientId))
            {
                await manager.DeleteAsync(application, cancellationToken);
                logger.LogInformation("Client {ClientId} removed: no longer declared", clientId);
            }
        }

        foreach (var client in declared.Values)
        {
            var descriptor = Describe(client);
            var existing = await manager.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
                logger.LogInformation("Client {ClientId} registered", client.ClientId);
            }
            else if (!await manager.ValidateClientSecretAsync(existing, client.ClientSecret, cancellationToken)
                     || !await SameAsync(manager, existing, descriptor, cancellationToken))
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
                logger.LogInformation("Client {ClientId} updated", client.ClientId);
            }
        }
    }

    private static async Task<bool> SameAsync(
        IOpenIddictApplicationManager manager, object application, OpenIddictApplicationDescriptor wanted, CancellationToken ct)
    {
        var current = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(current, application, ct);
        return current.DisplayName == wanted.DisplayName
               && current.RedirectUris.SetEquals(wanted.RedirectUris)
               && current.PostLogoutRedirectUris.SetEquals(wanted.PostLogoutRedirectUris)
               && current.Permissions.SetEquals(wanted.Permissions)
               && current.Requirements.SetEquals(wanted.Requirements);
    }

    public static OpenIddictApplicationDescriptor Describe(ClientOptions client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            DisplayName = client.DisplayName,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (client.RedirectUris.Count > 0)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            ]);
            // PKCE is required of every code flow client (S256 only: "plain" is switched off server-wide).
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        if (client.AllowClientCredentials)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        descriptor.Permissions.UnionWith(client.Scopes.Select(scope => Permissions.Prefixes.Scope + scope));
        descriptor.RedirectUris.UnionWith(client.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris);
        return descriptor;
    }
}
