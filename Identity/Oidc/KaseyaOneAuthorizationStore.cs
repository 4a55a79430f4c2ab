using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// OpenIddict's authorization store, finding by id without EF Core's change detection (<see cref="TrackedLookup"/>):
/// a redemption loads the code's authorization with the code, then asks for it by id to check it is still valid.
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
}
