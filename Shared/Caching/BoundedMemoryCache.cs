using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace SsoSuite.Shared.Caching;

/// <summary>
/// An <see cref="IMemoryCache"/> of its own for one kind of in-memory copy of store rows (live sessions, module URLs):
/// bounded, so that a burst of new keys cannot grow it without limit (past its capacity it stops adding and what is
/// not kept is read again), and expiring on the app's <see cref="TimeProvider"/>, so tests move its clock by hand.
/// Its own instance rather than the app's shared cache, because a size limit applies to every entry of a cache.
/// </summary>
public static class BoundedMemoryCache
{
    /// <summary>Entries made with <see cref="Entry"/> count one each towards <paramref name="capacity"/>.</summary>
    public static MemoryCache Create(TimeProvider clock, int capacity) =>
        new(new MemoryCacheOptions { SizeLimit = capacity, Clock = new AppClock(clock) });

    /// <summary>An entry that counts towards the capacity and ends <paramref name="lifetime"/> from now.</summary>
    public static MemoryCacheEntryOptions Entry(TimeSpan lifetime) =>
        new() { Size = 1, AbsoluteExpirationRelativeToNow = lifetime };

    /// <summary>
    /// An entry that must not be lost (a mark that a session ended): it takes no room, so a full cache still keeps
    /// it, and compaction never removes it before its lifetime ends.
    /// </summary>
    public static MemoryCacheEntryOptions Mark(TimeSpan lifetime) =>
        new() { Size = 0, Priority = CacheItemPriority.NeverRemove, AbsoluteExpirationRelativeToNow = lifetime };

    private sealed class AppClock(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
