using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// OpenIddict's token store with two changes to how an issued token is written; what is stored is the same.
/// <list type="number">
/// <item><b>Linked by key.</b> The stock store loads the client row and the authorization row before every token it
/// creates, only to set the token's two foreign keys, and loads them again when it reads the keys back. Here the
/// keys go straight into the foreign-key columns and are read back from there; SQLite's foreign keys still refuse
/// a key that names no row. A client or authorization the request has already loaded is linked as before.</item>
/// <item><b>A sign-in's tokens are written once, together.</b> OpenIddict creates each token's row first (the
/// token's id goes into the token), then signs and encrypts it, then may update the row with that payload; at the
/// token endpoint it also marks the presented code or refresh token redeemed. Each of those would be a commit to
/// disk under SQLite's single writer. During a sign-in (<see cref="TokenWriteBatch"/>) the rows are only added to
/// or updated in the change tracker (their ids are made by the application when they are added) and all are saved
/// in one SaveChanges before the answer is written. A token whose request fails before then is never stored, and
/// no token is handed out without its row. Outside a sign-in (revocation, pruning) every write is saved at once.</item>
/// </list>
/// Reading is leaner too: a token is found by id or reference id with one compiled query that leaves its client out
/// (<see cref="FindByReferenceIdAsync"/>), and looking for a token or a linked row the request has already loaded
/// skips EF Core's change detection (<see cref="TrackedLookup"/>).
/// </summary>
public sealed class KaseyaOneTokenStore(
    TokenWriteBatch batch,
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

    /// <summary>
    /// A token by id (the stored entry of an access token presented at userinfo, or of a token being revoked): a token
    /// this request already holds, else one query, as <see cref="FindByReferenceIdAsync"/>.
    /// </summary>
    public override async ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var db = await Context.GetDbContextAsync(cancellationToken);
        return TrackedLookup.Find<OpenIddictEntityFrameworkCoreToken>(db, identifier) ?? await ById.RunAsync(db, identifier, cancellationToken);
    }

    /// <summary>
    /// The code or refresh token a request presents: a token this request already holds, else one query. Unlike the
    /// stock store it loads the token's authorization (checked next, and then found among the loaded rows) but not its
    /// client: the client is read by its key (<see cref="GetApplicationIdAsync"/>), and the token endpoint has just
    /// found it by client id to authenticate it. The query is compiled once, not translated per request.
    /// </summary>
    public override async ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var db = await Context.GetDbContextAsync(cancellationToken);
        return TrackedLookup.Find<OpenIddictEntityFrameworkCoreToken>(db, t => string.Equals(t.ReferenceId, identifier, StringComparison.Ordinal))
               ?? await ByReferenceId.RunAsync(db, identifier, cancellationToken);
    }

    private static readonly CompiledStoreQuery<DbContext, string, OpenIddictEntityFrameworkCoreToken?> ById =
        new((db, identifier, _) => db.Set<OpenIddictEntityFrameworkCoreToken>().AsTracking()
            .Include(token => token.Authorization)
            .FirstOrDefault(token => token.Id == identifier));

    private static readonly CompiledStoreQuery<DbContext, string, OpenIddictEntityFrameworkCoreToken?> ByReferenceId =
        new((db, identifier, _) => db.Set<OpenIddictEntityFrameworkCoreToken>().AsTracking()
            .Include(token => token.Authorization)
            .FirstOrDefault(token => token.ReferenceId == identifier));

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
        if (batch.IsOpen)
        {
            batch.Hold();
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        if (!batch.IsOpen)
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }
        // As the stock store does, minus the save: a new concurrency token, whose old value guards the UPDATE that
        // the batch's SaveChanges issues (a row added in this batch is simply inserted with its final values). The
        // entry's state is all that is read or set here, so its properties need no comparison first; the batch's
        // SaveChanges detects every change before it writes.
        var db = await Context.GetDbContextAsync(cancellationToken);
        var entry = TrackedLookup.Entry(db, token);
        if (entry.State == EntityState.Detached)
        {
            db.Attach(token);
        }
        token.ConcurrencyToken = Guid.NewGuid().ToString();
        if (entry.State != EntityState.Added)
        {
            entry.State = EntityState.Modified;
        }
        batch.Hold();
    }

    private async ValueTask LinkAsync<TEntity>(OpenIddictEntityFrameworkCoreToken token, string property, string? identifier,
        Action<OpenIddictEntityFrameworkCoreToken, TEntity> setNavigation,
        Func<OpenIddictEntityFrameworkCoreToken, string?, CancellationToken, ValueTask> stock, CancellationToken cancellationToken)
        where TEntity : class
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        var entry = TrackedLookup.Entry(db, token);
        if (string.IsNullOrEmpty(identifier))
        {
            await stock(token, identifier, cancellationToken);
            SyncKeys(entry);
            return;
        }
        if (entry.State != EntityState.Detached)
        {
            // A token already added: nothing to do when it already points there (the payload's update sets the
            // same keys again; its keys are in step, see SyncKeys); a real change goes the stock way.
            if (!string.Equals(entry.Property(property).CurrentValue as string, identifier, StringComparison.Ordinal))
            {
                await stock(token, identifier, cancellationToken);
                SyncKeys(entry);
            }
            return;
        }
        if (TrackedLookup.Find<TEntity>(db, identifier) is { } tracked)
        {
            setNavigation(token, tracked);
            return;
        }
        pendingKeys.GetOrCreateValue(token)[property] = identifier;
    }

    /// <summary>
    /// The stock store links a tracked token by its navigation, whose foreign key EF Core would only bring up to date at
    /// its next change detection; it is brought up to date at once, so that <see cref="KeyAsync"/> can read the key
    /// without a detection of its own.
    /// </summary>
    private static void SyncKeys(EntityEntry<OpenIddictEntityFrameworkCoreToken> entry)
    {
        if (entry.State != EntityState.Detached)
        {
            entry.DetectChanges();
        }
    }

    /// <summary>
    /// The foreign key of a token the context tracks, or (for a token not added yet) the key waiting for it. A tracked
    /// token's keys are set when it is added and kept in step by every later link (<see cref="SyncKeys"/>), so they are
    /// read without comparing the token's properties first.
    /// </summary>
    private async ValueTask<string?> KeyAsync(OpenIddictEntityFrameworkCoreToken token, string property, CancellationToken cancellationToken)
    {
        var db = await Context.GetDbContextAsync(cancellationToken);
        var entry = TrackedLookup.Entry(db, token);
        if (entry.State != EntityState.Detached)
        {
            return entry.Property(property).CurrentValue as string;
        }
        return pendingKeys.TryGetValue(token, out var keys) && keys.TryGetValue(property, out var key) ? key : null;
    }
}
