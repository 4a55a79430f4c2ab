using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Caching;

namespace SsoSuite.Shared.Tests;

/// <summary>The in-memory copies of store rows: gone after their lifetime, never more than their capacity, end marks kept.</summary>
public sealed class BoundedMemoryCacheTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void AnEntryIsReadUntilItsLifetimeEnds_OnTheAppsClock()
    {
        using var cache = BoundedMemoryCache.Create(clock, capacity: 10);
        cache.Set("a", 1, BoundedMemoryCache.Entry(TimeSpan.FromSeconds(10)));

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(cache.TryGetValue("a", out int value));
        Assert.Equal(1, value);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGetValue("a", out _));
    }

    [Fact]
    public void AFullCacheStopsAdding_ButStillKeepsAMark()
    {
        using var cache = BoundedMemoryCache.Create(clock, capacity: 2);
        cache.Set(1, 1, BoundedMemoryCache.Entry(TimeSpan.FromSeconds(10)));
        cache.Set(2, 2, BoundedMemoryCache.Entry(TimeSpan.FromSeconds(10)));

        cache.Set(3, 3, BoundedMemoryCache.Entry(TimeSpan.FromSeconds(10)));
        Assert.False(cache.TryGetValue(3, out _));

        cache.Set(4, 4, BoundedMemoryCache.Mark(TimeSpan.FromSeconds(10)));
        Assert.True(cache.TryGetValue(4, out _));
    }
}
