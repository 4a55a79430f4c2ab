using System.Collections.Concurrent;

namespace SsoSuite.Shared.Caching;

/// <summary>
/// Values kept in memory for a fixed lifetime, with a bounded count: past its capacity it first drops the expired
/// entries, then stops adding (a burst of new keys cannot grow it without limit; what is not kept is read again).
/// The in-memory copies of store rows (live sessions, module URLs) are built on it; each says when its entries
/// must go before their lifetime ends.
/// </summary>
public sealed class ExpiringEntries<TKey, TValue>(TimeProvider clock, TimeSpan lifetime, int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> entries = new(comparer);

    public bool TryGet(TKey key, out TValue value)
    {
        if (entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > clock.GetUtcNow())
            {
                value = entry.Value;
                return true;
            }
            entries.TryRemove(KeyValuePair.Create(key, entry));
        }
        value = default!;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="value"/> for the lifetime, when there is room, unless an unexpired entry for the key
    /// satisfies <paramref name="keepExisting"/>.
    /// </summary>
    public void Set(TKey key, TValue value, Func<TValue, bool>? keepExisting = null)
    {
        if (!HasRoom())
        {
            return;
        }
        var now = clock.GetUtcNow();
        var entry = (value, now + lifetime);
        if (keepExisting is null)
        {
            entries[key] = entry;
            return;
        }
        entries.AddOrUpdate(key, entry, (_, existing) => existing.Expires > now && keepExisting(existing.Value) ? existing : entry);
    }

    /// <summary>Keeps <paramref name="value"/> for the lifetime whatever the count: for a mark that must not be lost.</summary>
    public void SetAlways(TKey key, TValue value) => entries[key] = (value, clock.GetUtcNow() + lifetime);

    public void Clear() => entries.Clear();

    private bool HasRoom()
    {
        if (entries.Count < capacity)
        {
            return true;
        }
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in entries)
        {
            if (entry.Expires <= now)
            {
                entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
        return entries.Count < capacity;
    }
}
