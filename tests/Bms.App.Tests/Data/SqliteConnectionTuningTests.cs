using SsoSuite.Bms.Tests.Support;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Bms.Tests.Data;

/// <summary>BMS's SQLite connections keep the smaller page cache both apps' stores set (Shared's SqliteConnectionTuning).</summary>
public sealed class SqliteConnectionTuningTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Memory_EachSqliteConnectionOfBmsKeepsAHalfMebibytePageCache()
    {
        long cacheSize = 0;
        await factory.WithDbAsync(async (db, _) => cacheSize = await SqlitePragma.ReadAsync(db, "cache_size"));

        // Negative: a size in KiB (SQLite's default is -2000).
        Assert.Equal(-512, cacheSize);
    }
}
