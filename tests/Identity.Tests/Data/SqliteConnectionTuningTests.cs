using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Data;

/// <summary>KaseyaOne's SQLite connections keep the smaller page cache both apps' stores set (Shared's SqliteConnectionTuning).</summary>
public sealed class SqliteConnectionTuningTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Memory_EachSqliteConnectionOfKaseyaOneKeepsAHalfMebibytePageCache()
    {
        var cacheSize = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA cache_size";
            var value = Convert.ToInt64(await command.ExecuteScalarAsync());
            await db.Database.CloseConnectionAsync();
            return value;
        });

        // Negative: a size in KiB (SQLite's default is -2000).
        Assert.Equal(-512, cacheSize);
    }
}
