using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// OpenIddict's token store with two changes to how an issued token is written; what is stored is the same.
/// <list type="number">
/// <item><b>Linked by key.</b> The stock store loads the client row and the authorization row before every token it
/// creates, only to set the token's two foreign keys, and loads them again when it reads the keys back. Here the
/// keys go straight into the foreign-key columns and are read back from there; SQLite's foreign keys still refuse
/// a key that names no row. A client or authorization the request has already loaded is linked as before.</item>
/// <item><b>An authorization code is written once.</b> OpenIddict creates the code's row first (the token's id goes
/// into the code), then signs and encrypts the code, then updates the row with that payload: an INSERT and an
/// UPDATE, each a commit to disk under SQLite's single writer. The row's id is made by the application when the
/// row is added, so the INSERT can wait for the payload and carry it: one write. Until then the row exists only in
/// this request; a code whose payload never comes (the request failed) is never stored, and no code is handed
/// out without its row. Only codes wait: OpenIddict always attaches their payload, and writes other tokens as before.</item>
/// </list>
/// </summary>
public sealed class KaseyaOneTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options)
    : OpenIddictEntityFrameworkCoreTokenStore<OpenIddictEntityFrameworkCoreToken, OpenIddictEntityFrameworkCoreApplication,
        OpenIddictEntityFrameworkCoreAuthorization, string>(cache, context, options)
{
    private const string ApplicationKey = "ApplicationId";
    private const string AuthorizationKey = "AuthorizationId";

    /// <summary>Keys set on tokens not added yet, applied when the token is added.</summary>
    private readonly ConditionalWeakTable<OpenIddictEntityFrameworkCoreToken, Dictionary<string, string>> pendingKeys = [];

    public override ValueTask SetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken) =>
        LinkAsync<OpenIddictEntityFrameworkCoreApplication>(token, ApplicationKey, identifier,
            static (t, a) => t.Application = a, base.SetApplicationIdAsync, cancellationToken);

    public override ValueTask SetAuthorizationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken) =>
        LinkAsync<OpenIddictEntityFrameworkCoreAuthorization>(token, AuthorizationKey, identifier,
            static (t, a) => t.Authorization = a, base.SetAuthorizationIdAsync, cancellationToken);

    public override async ValueTask<string?> GetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken) =>
        token.Application is null && await KeyAsync(token, ApplicationKey, cancellationToken) is { } key
            ? key
            : await base.GetApplicationIdAsync(token, cancellationToken);

    public override async ValueTask<string?> GetAuthorizationIdAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken) =>
        token.Authorization is null && await KeyAsync(token, AuthorizationKey, cancellationToken) is { } key
            ? key
            : await base.GetAuthorizationIdAsync(token, cancellationToken);

    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        var entry = db.Add(token);
        if (pendingKeys.TryGetValue(token, out var keys))
        {
            foreach (var (property, value) in keys)
            {
                entry.Property(property).CurrentValue = value;
            }
            pendingKeys.Remove(token);
        }
        if (token.Type != TokenTypeIdentifiers.Private.AuthorizationCode)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        if (db.Entry(token).State != EntityState.Added)
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }
        // The code's row, added by CreateAsync and still waiting: inserted now, with its payload.
        token.ConcurrencyToken = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async ValueTask LinkAsync<TEntity>(OpenIddictEntityFrameworkCoreToken token, string property, string? identifier,
        Action<OpenIddictEntityFrameworkCoreToken, TEntity> setNavigation,
        Func<OpenIddictEntityFrameworkCoreToken, string?, CancellationToken, ValueTask> stock, CancellationToken cancellationToken)
        where TEntity : class
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        var entry = db.Entry(token);
        if (string.IsNullOrEmpty(identifier))
        {
            await stock(token, identifier, cancellationToken);
            return;
        }
        if (entry.State != EntityState.Detached)
        {
            // A token already added: nothing to do when it already points there (the payload's update sets the
            // same keys again); a real change goes the stock way.
            if (!string.Equals(entry.Property(property).CurrentValue as string, identifier, StringComparison.Ordinal))
            {
                await stock(token, identifier, cancellationToken);
            }
            return;
        }
        var tracked = db.ChangeTracker.Entries<TEntity>()
            .FirstOrDefault(e => string.Equals(e.Property("Id").CurrentValue as string, identifier, StringComparison.Ordinal))?.Entity;
        if (tracked is not null)
        {
            setNavigation(token, tracked);
            return;
        }
        pendingKeys.GetOrCreateValue(token)[property] = identifier;
    }

    /// <summary>The foreign key of a token the context tracks, or (for a token not added yet) the key waiting for it.</summary>
    private async ValueTask<string?> KeyAsync(OpenIddictEntityFrameworkCoreToken token, string property, CancellationToken cancellationToken)
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        var entry = db.Entry(token);
        if (entry.State != EntityState.Detached)
        {
            return entry.Property(property).CurrentValue as string;
        }
        return pendingKeys.TryGetValue(token, out var keys) && keys.TryGetValue(property, out var key) ? key : null;
    }
}
