using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Caching;

namespace SsoSuite.Shared.Tests;

/// <summary>The in-memory copies of store rows: gone after their lifetime, and never more than their capacity.</summary>
public sealed class ExpiringEntriesTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void AnEntryIsReadUntilItsLifetimeEnds_ThenNotAgain()
    {
        var entries = new ExpiringEntries<string, int>(clock, TimeSpan.FromSeconds(10), capacity: 10);
        entries.Set("a", 1);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(entries.TryGet("a", out var value));
        Assert.Equal(1, value);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(entries.TryGet("a", out _));
    }

    [Fact]
    public void PastItsCapacity_ItDropsExpiredEntriesFirst_ThenStopsAdding()
    {
        var entries = new ExpiringEntries<int, int>(clock, TimeSpan.FromSeconds(10), capacity: 2);
        entries.Set(1, 1);
        clock.Advance(TimeSpan.FromSeconds(10));
        entries.Set(2, 2);
        entries.Set(3, 3);
        Assert.True(entries.TryGet(2, out _));
        Assert.True(entries.TryGet(3, out _));

        entries.Set(4, 4);
        Assert.False(entries.TryGet(4, out _));

        // A mark that must not be lost is kept even when full.
        entries.SetAlways(5, 5);
        Assert.True(entries.TryGet(5, out _));
    }

    [Fact]
    public void AnEntryTheCallerSaysToKeep_IsNotReplacedWhileItLives()
    {
        var entries = new ExpiringEntries<string, string>(clock, TimeSpan.FromSeconds(10), capacity: 10);
        entries.SetAlways("s", "ended");

        entries.Set("s", "live", keepExisting: existing => existing == "ended");
        Assert.True(entries.TryGet("s", out var kept));
        Assert.Equal("ended", kept);

        clock.Advance(TimeSpan.FromSeconds(10));
        entries.Set("s", "live", keepExisting: existing => existing == "ended");
        Assert.True(entries.TryGet("s", out var replaced));
        Assert.Equal("live", replaced);
    }

    [Fact]
    public void ClearForgetsEverything()
    {
        var entries = new ExpiringEntries<string, int>(clock, TimeSpan.FromSeconds(10), capacity: 10);
        entries.Set("a", 1);
        entries.Clear();
        Assert.False(entries.TryGet("a", out _));
    }
}
