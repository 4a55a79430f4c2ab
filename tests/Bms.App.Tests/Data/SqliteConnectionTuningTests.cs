using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Tests.Support;

namespace SsoSuite.Bms.Tests.Data;

/// <summary>BMS's SQLite connections keep the smaller page cache both apps' stores set (Shared's SqliteConnectionTuning).</summary>
public sealed class SqliteConnectionTuningTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    [Fact]
    public async Task Memory_EachSqliteConnectionOfBmsKeepsAHalfMebibytePageCache()
    {
        long cacheSize = 0;
        await factory.WithDbAsync(async (db, _) =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA cache_size";
            cacheSize = Convert.ToInt64(await command.ExecuteScalarAsync());
            await db.Database.CloseConnectionAsync();
        });

        // Negative: a size in KiB (SQLite's default is -2000).
        Assert.Equal(-512, cacheSize);
    }
}
