using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using SsoSuite.Shared.Data;

namespace SsoSuite.Shared.Tests.Data;

/// <summary>
/// Rows of requests that wait while the store is busy share one commit (one flush to disk), each request's rows kept or
/// dropped on their own: what KaseyaOne's codes and tokens are written with on SQLite.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    public sealed class Grant
    {
        public required string Id { get; set; }
        public string Status { get; set; } = "valid";
        public DateTime? RedeemedAt { get; set; }
        public Kind Kind { get; set; }
        public string ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();
    }

    public enum Kind { Code, RefreshToken }

    public sealed class Note
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }

    /// <summary>A row whose concurrency token starts empty: a guard on it reads <c>IS NULL</c>.</summary>
    public sealed class Lease
    {
        public required string Id { get; set; }
        public string? Holder { get; set; }
        public string Note { get; set; } = "";
    }

    public sealed class GrantsContext(DbContextOptions<GrantsContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Lease>(e =>
            {
                e.ToTable("Leases");
                e.Property(l => l.Holder).IsConcurrencyToken();
            });
            modelBuilder.Entity<Grant>(e =>
            {
                e.ToTable("Grants");
                e.Property(g => g.ConcurrencyToken).IsConcurrencyToken();
                e.Property(g => g.Kind).HasConversion<string>();
            });
            modelBuilder.Entity<Note>().ToTable("Notes");
        }
    }

    private readonly string file = Path.Combine(Path.GetTempPath(), "group-commit-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly SqliteWriteGate gate = new();
    private readonly SqliteGroupCommit groupCommit;

    public SqliteGroupCommitTests()
    {
        groupCommit = new SqliteGroupCommit(gate, NullLogger<SqliteGroupCommit>.Instance);
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "PRAGMA journal_mode=WAL;" +
            "CREATE TABLE Grants (Id TEXT PRIMARY KEY, Status TEXT NOT NULL, RedeemedAt TEXT NULL, Kind TEXT NOT NULL, ConcurrencyToken TEXT NOT NULL);" +
            "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL);" +
            "CREATE TABLE Leases (Id TEXT PRIMARY KEY, Holder TEXT NULL, Note TEXT NOT NULL);";
        create.ExecuteNonQuery();
    }

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = file }.ToString();

    private GrantsContext NewContext() =>
        new(new DbContextOptionsBuilder<GrantsContext>().UseSqlite(ConnectionString).AddInterceptors(gate).Options);

    /// <summary>Holds the store as a long write would, until the returned action is called.</summary>
    private Func<Task> HoldTheStore()
    {
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holding = gate.ExclusiveAsync(async () =>
        {
            held.SetResult();
            await release.Task;
        });
        held.Task.Wait();
        return async () =>
        {
            release.SetResult();
            await holding;
        };
    }

    [Fact]
    public async Task Rule13_RowsOfRequestsThatWaitedForTheStore_AreAllCommittedTogether_EachReadBackAsWritten()
    {
        var redeemedAt = new DateTime(2026, 12, 2, 9, 30, 15, 123, DateTimeKind.Utc);
        var release = HoldTheStore();
        var contexts = Enumerable.Range(0, 5).Select(_ => NewContext()).ToList();
        var saves = contexts.Select((db, i) =>
        {
            db.Add(new Grant { Id = "g" + i, Status = "redeemed", RedeemedAt = redeemedAt.AddSeconds(i), Kind = Kind.RefreshToken });
            return groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None);
        }).ToList();
        Assert.DoesNotContain(saves, s => s.IsCompleted);

        await release();
        await Task.WhenAll(saves);

        Assert.Equal(1, groupCommit.Commits);
        Assert.All(contexts, db => Assert.False(db.ChangeTracker.HasChanges()));
        await using var reader = NewContext();
        var stored = await reader.Set<Grant>().AsNoTracking().OrderBy(g => g.Id).ToListAsync();
        Assert.Equal(["g0", "g1", "g2", "g3", "g4"], stored.Select(g => g.Id));
        Assert.All(stored, g => Assert.Equal(Kind.RefreshToken, g.Kind));
        Assert.All(stored, g => Assert.Equal("redeemed", g.Status));
        Assert.Equal(contexts[2].Set<Grant>().Local.Single().ConcurrencyToken, stored[2].ConcurrencyToken);
        Assert.Equal(redeemedAt.AddSeconds(3), stored[3].RedeemedAt);
        foreach (var db in contexts)
        {
            await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rule13_TwoRequestsRedeemingOneCodeInOneCommit_OneWins_AndTheOtherRequestsRowsAreKept()
    {
        await using (var seed = NewContext())
        {
            seed.Add(new Grant { Id = "code" });
            await seed.SaveChangesAsync();
        }
        await using var first = NewContext();
        await using var second = NewContext();
        await using var other = NewContext();
        foreach (var db in new[] { first, second })
        {
            var read = await db.Set<Grant>().SingleAsync(g => g.Id == "code");
            read.Status = "redeemed";
            read.ConcurrencyToken = Guid.NewGuid().ToString();
            db.Add(new Grant { Id = "access-of-" + (db == first ? "first" : "second") });
        }
        other.Add(new Grant { Id = "unrelated" });

        var release = HoldTheStore();
        var saves = new[] { first, second, other }.Select(db => groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None)).ToList();
        await release();
        var outcomes = await Task.WhenAll(saves.Select(async s =>
        {
            try
            {
                await s;
                return "written";
            }
            catch (DbUpdateConcurrencyException)
            {
                return "refused";
            }
        }));

        Assert.Equal(["written", "refused", "written"], outcomes);
        Assert.Equal(1, groupCommit.Commits);
        await using var reader = NewContext();
        Assert.Equal(["access-of-first", "code", "unrelated"], await reader.Set<Grant>().Select(g => g.Id).OrderBy(id => id).ToListAsync());
        var code = await reader.Set<Grant>().SingleAsync(g => g.Id == "code");
        Assert.Equal(first.Set<Grant>().Local.Single(g => g.Id == "code").ConcurrencyToken, code.ConcurrencyToken);
    }

    [Fact]
    public async Task UpdatesOfDifferentColumns_EachWriteOnlyTheirOwn_AndLeaveTheOthersAsStored()
    {
        var redeemedAt = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
        await using (var seed = NewContext())
        {
            seed.AddRange(new Grant { Id = "a", RedeemedAt = redeemedAt }, new Grant { Id = "b", RedeemedAt = redeemedAt },
                new Grant { Id = "c" });
            await seed.SaveChangesAsync();
        }
        // One after another and then in one group: the statement a set of columns gives is made once and then reused,
        // so a second set of columns must not be written with the first one's statement.
        for (var round = 0; round < 2; round++)
        {
            var contexts = new[] { NewContext(), NewContext(), NewContext() };
            var a = await contexts[0].Set<Grant>().SingleAsync(g => g.Id == "a");
            a.Status = "redeemed-" + round;
            var b = await contexts[1].Set<Grant>().SingleAsync(g => g.Id == "b");
            b.Kind = round == 0 ? Kind.RefreshToken : Kind.Code;
            b.RedeemedAt = null;
            var c = await contexts[2].Set<Grant>().SingleAsync(g => g.Id == "c");
            c.RedeemedAt = redeemedAt.AddDays(round);
            c.ConcurrencyToken = "c-" + round;
            if (round == 0)
            {
                foreach (var db in contexts)
                {
                    await groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None);
                }
            }
            else
            {
                var release = HoldTheStore();
                var saves = contexts.Select(db => groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None)).ToList();
                await release();
                await Task.WhenAll(saves);
            }

            await using var reader = NewContext();
            var stored = await reader.Set<Grant>().AsNoTracking().OrderBy(g => g.Id).ToListAsync();
            Assert.Equal(("redeemed-" + round, Kind.Code, (DateTime?)redeemedAt), (stored[0].Status, stored[0].Kind, stored[0].RedeemedAt));
            Assert.Equal(("valid", round == 0 ? Kind.RefreshToken : Kind.Code, (DateTime?)null), (stored[1].Status, stored[1].Kind, stored[1].RedeemedAt));
            Assert.Equal(("valid", (DateTime?)redeemedAt.AddDays(round), "c-" + round), (stored[2].Status, stored[2].RedeemedAt, stored[2].ConcurrencyToken));
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }
        Assert.Equal(4, groupCommit.Commits);
    }

    [Fact]
    public async Task AGuardOnAnEmptyConcurrencyToken_LetsTheFirstWriterIn_AndRefusesTheOneThatReadItEmptyToo()
    {
        await using (var seed = NewContext())
        {
            seed.Add(new Lease { Id = "lease" });
            await seed.SaveChangesAsync();
        }
        await using var first = NewContext();
        await using var second = NewContext();
        (await first.Set<Lease>().SingleAsync()).Holder = "first";
        (await second.Set<Lease>().SingleAsync()).Holder = "second";
        var release = HoldTheStore();
        var saves = new[] { first, second }.Select(db => groupCommit.SaveChangesAsync(db, typeof(Lease), CancellationToken.None)).ToList();
        await release();
        await saves[0];
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => saves[1]);

        // Held now: a change of another column is guarded by the holder read, a parameter this time.
        await using var third = NewContext();
        (await third.Set<Lease>().SingleAsync()).Note = "renewed";
        await groupCommit.SaveChangesAsync(third, typeof(Lease), CancellationToken.None);

        await using var reader = NewContext();
        var stored = await reader.Set<Lease>().AsNoTracking().SingleAsync();
        Assert.Equal(("first", "renewed"), (stored.Holder, stored.Note));
        Assert.Equal(2, groupCommit.Commits);
    }

    [Fact]
    public async Task ChangesToOtherTablesOrDeletions_AreSavedBySaveChanges()
    {
        await using var db = NewContext();
        db.Add(new Note { Text = "not a grant" });
        db.Add(new Grant { Id = "with-a-note" });
        await groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None);
        db.Remove(db.Set<Grant>().Local.Single());
        await groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None);

        Assert.Equal(0, groupCommit.Commits);
        await using var reader = NewContext();
        Assert.Equal(1, await reader.Set<Note>().CountAsync());
        Assert.Equal(0, await reader.Set<Grant>().CountAsync());
    }

    [Fact]
    public async Task ARequestWhoseRowsTheStoreRefuses_FailsAlone_AndTheOthersInItsCommitAreKept()
    {
        await using (var seed = NewContext())
        {
            seed.Add(new Grant { Id = "taken" });
            await seed.SaveChangesAsync();
        }
        await using var refused = NewContext();
        await using var kept = NewContext();
        refused.Add(new Grant { Id = "new-of-refused" });
        refused.Add(new Grant { Id = "taken" });
        kept.Add(new Grant { Id = "new-of-kept" });

        var release = HoldTheStore();
        var refusedSave = groupCommit.SaveChangesAsync(refused, typeof(Grant), CancellationToken.None);
        var keptSave = groupCommit.SaveChangesAsync(kept, typeof(Grant), CancellationToken.None);
        await release();

        await Assert.ThrowsAsync<DbUpdateException>(() => refusedSave);
        await keptSave;
        Assert.Equal(1, groupCommit.Commits);
        Assert.True(refused.ChangeTracker.HasChanges());
        await using var reader = NewContext();
        Assert.Equal(["new-of-kept", "taken"], await reader.Set<Grant>().Select(g => g.Id).OrderBy(id => id).ToListAsync());
    }

    public sealed class Stamp
    {
        public int Id { get; set; }
        public string? Origin { get; set; }
    }

    public sealed class StampsContext(DbContextOptions<StampsContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Stamp>(e =>
            {
                e.ToTable("Stamps");
                e.Property(s => s.Id).ValueGeneratedNever();
                e.Property(s => s.Origin).HasDefaultValueSql("'from the store'");
            });
    }

    /// <summary>SaveChanges leaves a column with a store default out of an INSERT; rows with such a column are left to it.</summary>
    [Fact]
    public async Task RowsWithAColumnTheStoreFills_AreSavedBySaveChanges_WithTheStoresValue()
    {
        await using var db = new StampsContext(new DbContextOptionsBuilder<StampsContext>().UseSqlite(ConnectionString).AddInterceptors(gate).Options);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE Stamps (Id INTEGER PRIMARY KEY, Origin TEXT NULL DEFAULT 'from the store');");
        db.Add(new Stamp { Id = 1 });

        await groupCommit.SaveChangesAsync(db, typeof(Stamp), CancellationToken.None);

        Assert.Equal(0, groupCommit.Commits);
        Assert.Equal("from the store", await db.Set<Stamp>().AsNoTracking().Select(s => s.Origin).SingleAsync());
    }

    /// <summary>A private in-memory database exists on its own connection alone: a writer of its own would not see it.</summary>
    [Fact]
    public async Task RowsOfAPrivateInMemoryDatabase_AreSavedBySaveChanges()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new GrantsContext(new DbContextOptionsBuilder<GrantsContext>().UseSqlite(connection).AddInterceptors(gate).Options);
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE Grants (Id TEXT PRIMARY KEY, Status TEXT NOT NULL, RedeemedAt TEXT NULL, Kind TEXT NOT NULL, ConcurrencyToken TEXT NOT NULL);");
        db.Add(new Grant { Id = "in-memory" });

        await groupCommit.SaveChangesAsync(db, typeof(Grant), CancellationToken.None);

        Assert.Equal(0, groupCommit.Commits);
        Assert.Equal("in-memory", await db.Set<Grant>().AsNoTracking().Select(g => g.Id).SingleAsync());
    }

    public void Dispose()
    {
        groupCommit.Dispose();
        gate.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
