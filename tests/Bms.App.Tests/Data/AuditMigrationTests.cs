using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Admin;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Tests.Data;

/// <summary>
/// The upgrade that stores an audit line's time as Unix milliseconds (so Admin &gt; Audit can read a page newest
/// first in the database) keeps every line a deployment already has, at its time, on each store.
/// </summary>
public sealed class AuditMigrationTests
{
    private const string Migration = "AuditNewestFirst";

    /// <param name="Sqlite">The time as the SQLite store held it before: EF Core's text for a DateTimeOffset.</param>
    /// <param name="Postgres">The same moment as PostgreSQL's timestamptz held it (microseconds at most).</param>
    /// <param name="After">What the line says after the upgrade: the moment, cut to the millisecond.</param>
    private sealed record Line(string Detail, string Sqlite, string Postgres, DateTimeOffset After);

    private static readonly Line[] Lines =
    [
        new("whole second", "2026-12-01 23:59:59+00:00", "2026-12-01 23:59:59+00", new(2026, 12, 1, 23, 59, 59, TimeSpan.Zero)),
        new("fraction", "2026-12-02 03:41:07.1234567+00:00", "2026-12-02 03:41:07.123456+00", new(2026, 12, 2, 3, 41, 7, 123, TimeSpan.Zero)),
        new("short fraction", "2026-12-02 03:41:07.5+00:00", "2026-12-02 03:41:07.5+00", new(2026, 12, 2, 3, 41, 7, 500, TimeSpan.Zero)),
        // Another offset, and a fraction just short of the next second: cut, as the app cuts it, not rounded up.
        new("offset", "2026-12-02 09:11:08.9999999+05:30", "2026-12-02 09:11:08.999999+05:30", new(2026, 12, 2, 3, 41, 8, 999, TimeSpan.Zero)),
    ];

    private const string InsertSqlite =
        "INSERT INTO \"AuditEntries\" (\"Id\", \"At\", \"TenantId\", \"Action\", \"Outcome\", \"Detail\") VALUES ({0}, {1}, {2}, {3}, {4}, {5})";

    private const string InsertPostgres =
        "INSERT INTO \"AuditEntries\" (\"Id\", \"At\", \"TenantId\", \"Action\", \"Outcome\", \"Detail\") VALUES ({0}, CAST({1} AS timestamp with time zone), {2}, {3}, {4}, {5})";

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Upgrade_AuditLinesWrittenBefore_KeepTheirTimes_AndReadNewestFirst(Store store)
    {
        var folder = Directory.CreateTempSubdirectory("ssosuite-test-");
        var database = store == Store.Postgres ? TestPostgres.NewDatabase() : null;
        try
        {
            await using var db = database is null
                ? new BmsDbContext(new DbContextOptionsBuilder<BmsDbContext>()
                    .UseSqlite($"Data Source={Path.Combine(folder.FullName, "bms.db")};Pooling=False").Options)
                : new PostgresBmsDbContext(new DbContextOptionsBuilder<PostgresBmsDbContext>().UseNpgsql(database).Options);
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
            await db.Database.MigrateAsync(before);
            var tenantId = Guid.NewGuid();
            // Written as the release before the upgrade stored them.
            foreach (var line in Lines)
            {
                await db.Database.ExecuteSqlRawAsync(store == Store.Postgres ? InsertPostgres : InsertSqlite,
                    Guid.NewGuid(), store == Store.Postgres ? line.Postgres : line.Sqlite, tenantId, AuditActions.SignIn, AuditOutcomes.Succeeded, line.Detail);
            }

            await db.Database.MigrateAsync();

            var page = await db.Set<AuditEntry>().ReadPageAsync(tenantId, 1);
            Assert.Equal(Lines.OrderByDescending(l => l.After).Select(l => (l.Detail, l.After)), page.Entries.Select(a => (a.Detail!, a.At)));
        }
        finally
        {
            if (database is not null)
            {
                TestPostgres.Drop(database);
            }
            folder.Delete(recursive: true);
        }
    }
}
