using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OpenIddict.EntityFrameworkCore;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// A look among the rows a request has already loaded, without EF Core's change detection. Each enumeration of the
/// change tracker (<c>ChangeTracker.Entries</c>) first runs <c>DetectChanges</c>, which compares every property of
/// every tracked row with its snapshot; OpenIddict's stores enumerate it before each query by id or reference id, and
/// linking a new token to its client and authorization did too, so a redemption ran it half a dozen times. These
/// lookups read a row's key or reference id as the object holds it now, which detection does not change; detection
/// would only add rows reachable from tracked ones but never added, and every row here enters the tracker through a
/// query or an explicit Add. SaveChanges still detects every change before it writes.
/// </summary>
internal static class TrackedLookup
{
    public static async ValueTask<T> WithoutChangeDetectionAsync<T>(this IOpenIddictEntityFrameworkCoreContext context,
        Func<ValueTask<T>> lookup, CancellationToken cancellationToken)
    {
        using var off = new DetectionOff((await context.GetDbContextAsync(cancellationToken)).ChangeTracker);
        return await lookup();
    }

    /// <summary>The tracked <typeparamref name="TEntity"/> whose key is <paramref name="id"/>, if the request loaded it.</summary>
    public static TEntity? Find<TEntity>(DbContext db, string id) where TEntity : class =>
        Undetected(db, db => db.ChangeTracker.Entries<TEntity>()
            .FirstOrDefault(e => string.Equals(e.Property("Id").CurrentValue as string, id, StringComparison.Ordinal))?.Entity);

    /// <summary>The first tracked <typeparamref name="TEntity"/> that <paramref name="matches"/>, if the request loaded one.</summary>
    public static TEntity? Find<TEntity>(DbContext db, Func<TEntity, bool> matches) where TEntity : class =>
        Undetected(db, db => db.ChangeTracker.Entries<TEntity>().Select(e => e.Entity).FirstOrDefault(matches));

    /// <summary>
    /// The tracker's entry for <paramref name="entity"/> (Detached when it is not tracked), without comparing its
    /// properties first: the caller reads its state and keys, or sets its state, which needs no detection.
    /// </summary>
    public static EntityEntry<TEntity> Entry<TEntity>(DbContext db, TEntity entity) where TEntity : class =>
        Undetected(db, db => db.Entry(entity));

    private static T Undetected<T>(DbContext db, Func<DbContext, T> read)
    {
        using var off = new DetectionOff(db.ChangeTracker);
        return read(db);
    }

    /// <summary>Automatic change detection off until disposed, then back to what it was.</summary>
    private readonly struct DetectionOff : IDisposable
    {
        private readonly ChangeTracker tracker;
        private readonly bool detect;

        public DetectionOff(ChangeTracker tracker)
        {
            this.tracker = tracker;
            detect = tracker.AutoDetectChangesEnabled;
            tracker.AutoDetectChangesEnabled = false;
        }

        public void Dispose() => tracker.AutoDetectChangesEnabled = detect;
    }
}
