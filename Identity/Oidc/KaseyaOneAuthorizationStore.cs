using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// OpenIddict's authorization store with two changes to reading what a request has already loaded:
/// <list type="bullet">
/// <item>finding by id without EF Core's change detection (<see cref="TrackedLookup"/>): a redemption loads the
/// code's authorization with the code, then asks for it by id to check it is still valid;</item>
/// <item>the client of a loaded authorization read from its foreign key, where the stock store queries the database
/// unless the client row was loaded with it (the code's lookup no longer loads the client:
/// <see cref="KaseyaOneTokenStore.FindByReferenceIdAsync"/>).</item>
/// </list>
/// </summary>
public sealed class KaseyaOneAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization, OpenIddictEntityFrameworkCoreApplication,
        OpenIddictEntityFrameworkCoreToken, string>(cache, context, options)
{
    public override ValueTask<OpenIddictEntityFrameworkCoreAuthorization?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        Context.WithoutChangeDetectionAsync(() => base.FindByIdAsync(identifier, cancellationToken), cancellationToken);

    public override async ValueTask<string?> GetApplicationIdAsync(OpenIddictEntityFrameworkCoreAuthorization authorization, CancellationToken cancellationToken)
    {
        if (authorization.Application is null)
        {
            // An authorization's client is set when it is created and never changes, so its key needs no detection.
            var entry = TrackedLookup.Entry(await Context.GetDbContextAsync(cancellationToken), authorization);
            if (entry.State is not EntityState.Detached and not EntityState.Added)
            {
                return entry.Property("ApplicationId").CurrentValue as string;
            }
        }
        return await base.GetApplicationIdAsync(authorization, cancellationToken);
    }
}
