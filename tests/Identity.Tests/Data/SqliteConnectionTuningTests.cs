using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Data;

/// <summary>KaseyaOne's SQLite connections keep the smaller page cache both apps' stores set (Shared's SqliteConnectionTuning).</summary>
public sealed class SqliteConnectionTuningTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Memory_EachSqliteConnectionOfKaseyaOneKeepsAHalfMebibytePageCache()
    {
        var cacheSize = await factory.WithDbAsync(db => SqlitePragma.ReadAsync(db, "cache_size"));

        // Negative: a size in KiB (SQLite's default is -2000).
        Assert.Equal(-512, cacheSize);
    }
}
