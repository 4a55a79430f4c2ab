using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace SsoSuite.Shared.Data;

/// <summary>
/// Group commit on SQLite: the rows of requests that arrive while another commit is being flushed to disk share the
/// next flush, instead of queueing one flush each behind SQLite's single writer.
/// <para>
/// Every commit under SQLite's default durability (<c>synchronous=FULL</c>, kept: a redeemed code or a used TOTP step
/// must survive a power cut) ends with an fsync of the log, about a third of a millisecond of this machine's disk, and
/// a sign-in server commits on every authorization and every redemption. Here one writer per database file, on a
/// connection of its own, takes every waiting request's rows in one transaction: each request's statements inside a
/// savepoint of their own, then one COMMIT, one fsync. A request is answered only after the COMMIT that holds its rows
/// has returned, so nothing is acknowledged before it is on disk, exactly as with a commit of its own.
/// </para>
/// <para>
/// What it writes: inserts and updates of one entity type mapped to one table, as EF Core's SaveChanges would write
/// them (its table and column names, its type mappings and value converters, and for an update the original value of
/// every concurrency token in the WHERE clause). When an update finds its row changed, that request's statements are
/// rolled back to its savepoint, the others' are kept, and it gets EF Core's <see cref="DbUpdateConcurrencyException"/>;
/// a statement the store refuses (a key taken, a key that names no row) fails its own request alone, with a
/// <see cref="DbUpdateException"/>. Only a failure of the transaction itself fails the group, every request of it as
/// SaveChanges would have failed. Anything else (other entity types, deletions, columns the store fills, an explicit
/// transaction, a private in-memory database, PostgreSQL) goes to SaveChanges as before.
/// </para>
/// <para>The writer holds the process's <see cref="SqliteWriteGate"/> for its transaction, as any SaveChanges does.</para>
/// </summary>
public sealed class SqliteGroupCommit(SqliteWriteGate gate, ILogger<SqliteGroupCommit> logger) : IDisposable
{
    private readonly SqliteWriteGate gate = gate;
    private readonly ILogger logger = logger;

    /// <summary>Requests written in one transaction at most, so that a long queue is still answered in steps.</summary>
    internal const int MaxGroup = 64;

    /// <summary>
    /// Tells observers that one request's rows were committed, with that request's context (its entries not yet
    /// accepted), as EF Core's <c>SaveChangesCompleted</c> event does for a SaveChanges.
    /// </summary>
    public static readonly DiagnosticListener Diagnostics = new("SsoSuite.Shared.Data.SqliteGroupCommit");

    public const string RequestWrittenEvent = "RequestWritten";

    private readonly ConcurrentDictionary<string, Writer?> writers = new(StringComparer.Ordinal);

    /// <summary>Transactions the writers have committed (for the tests).</summary>
    internal long Commits => writers.Values.Sum(w => w?.Commits ?? 0);

    /// <summary>
    /// Saves the context's changes: in the next group commit when they are inserts and updates of
    /// <paramref name="entityType"/> alone, else with SaveChanges. Either way, once this returns, they are committed
    /// and the change tracker has accepted them.
    /// </summary>
    public async Task SaveChangesAsync(DbContext db, Type entityType, CancellationToken ct)
    {
        // The connection's type says SQLite without reading the provider's assembly name, as IsSqlite() does on every call.
        var connectionString = db.Database.GetDbConnection() is SqliteConnection sqlite ? sqlite.ConnectionString : null;
        var writer = connectionString is null ? null
            : writers.GetOrAdd(connectionString, static (file, owner) => OnAFile(file) ? new Writer(file, owner.gate, owner.logger) : null, this);
        if (writer is null || PlanOf(db, entityType) is not { } plan)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        // Not cancelled once queued: its rows commit with the group or not at all, and the request learns which.
        var outcome = await writer.WriteAsync(plan);
        if (outcome == Outcome.Conflict)
        {
            throw new DbUpdateConcurrencyException(
                "A row to be updated was changed by another request since it was read; nothing of this request was written.");
        }
        if (Diagnostics.IsEnabled(RequestWrittenEvent))
        {
            Diagnostics.Write(RequestWrittenEvent, db);
        }
        db.ChangeTracker.AcceptAllChanges();
    }

    public void Dispose()
    {
        foreach (var writer in writers.Values)
        {
            writer?.Dispose();
        }
    }

    private enum Outcome { Written, Conflict, Failed }

    /// <summary>One statement: its SQL, its parameters' values with their type mappings, and whether it must change a row.</summary>
    private sealed record Statement(string Sql, (string Name, object? Value, RelationalTypeMapping Mapping)[] Values, bool Guarded);

    private sealed class Plan(List<Statement> statements)
    {
        public List<Statement> Statements { get; } = statements;
        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Why this request's rows were not written, when a statement of its own failed.</summary>
        public Exception? Failure { get; set; }
    }

    /// <summary>
    /// What the SQL of an entity type's rows is made of, worked out from the model once per entity type instead of on
    /// every request: its table and columns, delimited, each column's type mapping (and so its converter), the INSERT,
    /// and the UPDATE for each set of modified columns met so far. None (SaveChanges writes the type) when the store
    /// fills one of its columns (a default, a computed column, a value generated on add or update): SaveChanges leaves
    /// such a column out of an INSERT and reads it back, which this class does not. A key the store generates is seen
    /// per row (its value is temporary until saved).
    /// </summary>
    private sealed class TableShape
    {
        public required string DelimitedTable { get; init; }
        public required IProperty[] Columns { get; init; }
        public required string[] DelimitedColumns { get; init; }
        public required RelationalTypeMapping[] Mappings { get; init; }

        /// <summary>Indexes in <see cref="Columns"/> of the key's columns and of every other concurrency token.</summary>
        public required int[] RowGuards { get; init; }

        public required string InsertSql { get; init; }

        /// <summary>UPDATE statements by the columns they set and the guards whose original value is NULL (one bit each).</summary>
        public ConcurrentDictionary<(ulong Set, ulong NullGuards), string> UpdateSql { get; } = new();
    }

    /// <summary>The shape of each entity type met, or none; weakly held, so that a model no context uses any more can go.</summary>
    private static readonly ConditionalWeakTable<IEntityType, StrongBox<TableShape?>> Shapes = [];

    private static TableShape? ShapeFor(IEntityType type, DbContext db)
    {
        if (!Shapes.TryGetValue(type, out var shape))
        {
            shape = new StrongBox<TableShape?>(ShapeOf(type, db.GetService<ISqlGenerationHelper>()));
            Shapes.AddOrUpdate(type, shape);
        }
        return shape.Value;
    }

    private static TableShape? ShapeOf(IEntityType type, ISqlGenerationHelper sql)
    {
        // One entity type to one whole table: no inheritance, no entity splitting over several tables, no table shared
        // with another entity type (each would need columns or rows this class does not write).
        if (type.GetTableName() is not { } table
            || type.FindPrimaryKey() is not { } key
            || type.BaseType is not null || type.GetMappingFragments().Any()
            || type.Model.GetEntityTypes().Any(other => other != type && other.GetTableName() == table && other.GetSchema() == type.GetSchema())
            || type.IsOwned() || type.GetComplexProperties().Any() || type.GetDerivedTypes().Any()
            || type.GetForeignKeys().Any(fk => fk.PrincipalEntityType == type)
            || !type.GetProperties().All(p =>
                (p.ValueGenerated == ValueGenerated.Never || p.IsKey())
                && p.FindAnnotation(RelationalAnnotationNames.DefaultValueSql) is null
                && p.FindAnnotation(RelationalAnnotationNames.ComputedColumnSql) is null
                && p.FindAnnotation(RelationalAnnotationNames.DefaultValue) is null))
        {
            return null;
        }
        var storeObject = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = type.GetProperties().Where(p => p.GetColumnName(storeObject) is not null).ToArray();
        var guards = key.Properties.Concat(type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey()))
            .Select(p => Array.IndexOf(columns, p)).ToArray();
        // A bit per column in the cache keys of the UPDATE statements.
        if (columns.Length > 64 || guards.Any(i => i < 0))
        {
            return null;
        }
        var delimitedTable = sql.DelimitIdentifier(table, type.GetSchema());
        var delimitedColumns = columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(storeObject)!)).ToArray();
        return new TableShape
        {
            DelimitedTable = delimitedTable,
            Columns = columns,
            DelimitedColumns = delimitedColumns,
            Mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToArray(),
            RowGuards = guards,
            InsertSql = $"INSERT INTO {delimitedTable} ({string.Join(", ", delimitedColumns)}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))});",
        };
    }

    /// <summary>The statements SaveChanges would run for the context's changes, when this class may run them instead.</summary>
    private static Plan? PlanOf(DbContext db, Type entityType)
    {
        if (db.Database.CurrentTransaction is not null
            || db.Model.FindEntityType(entityType) is not { } type
            || ShapeFor(type, db) is not { } shape)
        {
            return null;
        }
        db.ChangeTracker.DetectChanges();
        var statements = new List<Statement>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (entry.Metadata != type || entry.State is not (EntityState.Added or EntityState.Modified)
                || entry.Properties.Any(p => p.IsTemporary))
            {
                return null;
            }
            if ((entry.State == EntityState.Added ? Insert(entry, shape) : Update(entry, shape)) is not { } statement)
            {
                return null;
            }
            statements.Add(statement);
        }
        return statements.Count == 0 ? null : new Plan(statements);
    }

    /// <summary>A database another connection opens too: a file, or shared memory (a private in-memory one is its connection's alone).</summary>
    private static bool OnAFile(string? connectionString)
    {
        if (connectionString is null)
        {
            return false;
        }
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:"
            ? builder.Cache == SqliteCacheMode.Shared
            : builder.DataSource.Length > 0;
    }

    private static Statement Insert(EntityEntry entry, TableShape shape)
    {
        var values = new (string, object?, RelationalTypeMapping)[shape.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ("@p" + i, entry.Property(shape.Columns[i]).CurrentValue, shape.Mappings[i]);
        }
        return new Statement(shape.InsertSql, values, Guarded: false);
    }

    private static Statement? Update(EntityEntry entry, TableShape shape)
    {
        var values = new List<(string, object?, RelationalTypeMapping)>();
        var set = 0UL;
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var value = entry.Property(shape.Columns[i]);
            if (value.IsModified && !shape.Columns[i].IsPrimaryKey())
            {
                set |= 1UL << i;
                values.Add(("@p" + values.Count, value.CurrentValue, shape.Mappings[i]));
            }
        }
        if (set == 0)
        {
            return null;
        }
        // The row by its key, and (as SaveChanges does) only while every concurrency token still has the value read.
        var nullGuards = 0UL;
        foreach (var i in shape.RowGuards)
        {
            if (entry.Property(shape.Columns[i]).OriginalValue is { } original)
            {
                values.Add(("@p" + values.Count, original, shape.Mappings[i]));
            }
            else
            {
                nullGuards |= 1UL << i;
            }
        }
        var sql = shape.UpdateSql.GetOrAdd((set, nullGuards), static (k, shape) =>
        {
            var parameter = 0;
            var assignments = Enumerable.Range(0, shape.Columns.Length).Where(i => (k.Set & (1UL << i)) != 0)
                .Select(i => $"{shape.DelimitedColumns[i]} = @p{parameter++}").ToList();
            var conditions = shape.RowGuards
                .Select(i => (k.NullGuards & (1UL << i)) != 0 ? $"{shape.DelimitedColumns[i]} IS NULL" : $"{shape.DelimitedColumns[i]} = @p{parameter++}")
                .ToList();
            return $"UPDATE {shape.DelimitedTable} SET {string.Join(", ", assignments)} WHERE {string.Join(" AND ", conditions)};";
        }, shape);
        return new Statement(sql, [.. values], Guarded: true);
    }

    /// <summary>The one writer of a database file: a queue, a connection, and a loop that runs while the queue has work.</summary>
    private sealed class Writer(string connectionString, SqliteWriteGate gate, ILogger logger) : IDisposable
    {
        private readonly ConcurrentQueue<Plan> queue = new();
        private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
        private SqliteConnection? connection;
        private int running;
        private long commits;
        private volatile bool disposed;

        public long Commits => Interlocked.Read(ref commits);

        public Task<Outcome> WriteAsync(Plan plan)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            queue.Enqueue(plan);
            if (Interlocked.CompareExchange(ref running, 1, 0) == 0)
            {
                _ = Task.Run(RunAsync);
            }
            else if (disposed)
            {
                // Stopped between the check above and the queueing: no loop will take it.
                FailQueued(new ObjectDisposedException(nameof(SqliteGroupCommit)));
            }
            return plan.Done.Task;
        }

        private async Task RunAsync()
        {
            while (true)
            {
                while (!queue.IsEmpty)
                {
                    if (disposed)
                    {
                        FailQueued(new ObjectDisposedException(nameof(SqliteGroupCommit)));
                        break;
                    }
                    try
                    {
                        await gate.ExclusiveAsync(WriteGroupAsync);
                    }
                    catch (Exception e)
                    {
                        // The gate itself failed (the app is stopping): nobody waits for ever.
                        FailQueued(e);
                    }
                }
                if (disposed)
                {
                    CloseConnection();
                }
                // A full fence: the queue is read again only after the loop is seen to have stopped, so a request queued in
                // between either finds the loop stopped and starts one, or is found here and taken up again.
                Interlocked.Exchange(ref running, 0);
                if (queue.IsEmpty || Interlocked.CompareExchange(ref running, 1, 0) != 0)
                {
                    return;
                }
            }
        }

        private void FailQueued(Exception e)
        {
            while (queue.TryDequeue(out var plan))
            {
                plan.Done.TrySetException(e);
            }
        }

        /// <summary>Everything queued when the gate was taken (up to <see cref="MaxGroup"/>), in one transaction.</summary>
        private async Task WriteGroupAsync()
        {
            var group = new List<Plan>();
            while (group.Count < MaxGroup && queue.TryDequeue(out var plan))
            {
                group.Add(plan);
            }
            var outcomes = new Outcome[group.Count];
            Exception? failure = null;
            try
            {
                var db = Open();
                await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
                for (var i = 0; i < group.Count; i++)
                {
                    outcomes[i] = await WriteAsync(db, transaction, group[i]);
                }
                await transaction.CommitAsync();
                Interlocked.Increment(ref commits);
            }
            catch (Exception e)
            {
                // Nothing of the group was committed (the transaction or the connection failed, not one request's rows):
                // each request fails as its SaveChanges would have, and the next group starts on a new connection.
                failure = new DbUpdateException("The rows could not be written: " + e.Message, e);
                logger.LogError(e, "A group commit of {Requests} requests failed", group.Count);
                CloseConnection();
            }
            finally
            {
                for (var i = 0; i < group.Count; i++)
                {
                    if (failure is not null)
                    {
                        group[i].Done.TrySetException(failure);
                    }
                    else if (outcomes[i] == Outcome.Failed)
                    {
                        group[i].Done.TrySetException(group[i].Failure!);
                    }
                    else
                    {
                        group[i].Done.TrySetResult(outcomes[i]);
                    }
                }
            }
        }

        /// <summary>
        /// One request's statements inside a savepoint: all of them, or none when a guarded update finds its row changed
        /// or a statement fails (a key that names no row, a value its column refuses): that is this request's failure alone.
        /// </summary>
        private async Task<Outcome> WriteAsync(SqliteConnection db, SqliteTransaction transaction, Plan plan)
        {
            const string Savepoint = "request";
            await transaction.SaveAsync(Savepoint);
            var outcome = Outcome.Written;
            try
            {
                foreach (var statement in plan.Statements)
                {
                    if (await Command(db, transaction, statement).ExecuteNonQueryAsync() != 1 && statement.Guarded)
                    {
                        outcome = Outcome.Conflict;
                        break;
                    }
                }
            }
            catch (Exception e) when (e is not (OutOfMemoryException or ObjectDisposedException))
            {
                plan.Failure = new DbUpdateException("The rows could not be written: " + e.Message, e);
                outcome = Outcome.Failed;
            }
            // Failures here (the transaction itself is gone) fail the group.
            if (outcome != Outcome.Written)
            {
                await transaction.RollbackAsync(Savepoint);
            }
            await transaction.ReleaseAsync(Savepoint);
            return outcome;
        }

        /// <summary>A prepared command per statement text, its parameters bound as EF Core binds them.</summary>
        private SqliteCommand Command(SqliteConnection db, SqliteTransaction transaction, Statement statement)
        {
            if (!commands.TryGetValue(statement.Sql, out var command))
            {
                command = db.CreateCommand();
                command.CommandText = statement.Sql;
                commands[statement.Sql] = command;
            }
            command.Transaction = transaction;
            command.Parameters.Clear();
            foreach (var (name, value, mapping) in statement.Values)
            {
                command.Parameters.Add(mapping.CreateParameter(command, name, value));
            }
            return command;
        }

        private SqliteConnection Open()
        {
            if (connection is not null)
            {
                return connection;
            }
            // Not from the pool: this connection is the writer's for the app's lifetime. Otherwise as EF Core's: the same
            // file and keywords, durability at SQLite's default (synchronous=FULL in WAL mode: every COMMIT is flushed
            // before it returns), foreign keys checked (e_sqlite3's default), the same page cache.
            connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            connection.Open();
            SqliteConnectionTuning.Tune(connection);
            return connection;
        }

        private void CloseConnection()
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }
            commands.Clear();
            connection?.Dispose();
            connection = null;
        }

        /// <summary>
        /// At the app's stop: queued and later requests fail; the connection is closed here when no group is being written,
        /// else by the loop once its group is done (never from two threads at once).
        /// </summary>
        public void Dispose()
        {
            disposed = true;
            if (Interlocked.CompareExchange(ref running, 1, 0) == 0)
            {
                FailQueued(new ObjectDisposedException(nameof(SqliteGroupCommit)));
                CloseConnection();
            }
        }
    }
}
