using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SsoSuite.Shared.Data;

/// <summary>
/// SQLite lets one connection write at a time. When two requests write at once, the second gets SQLITE_BUSY
/// and Microsoft.Data.Sqlite retries it after putting its thread to sleep (150 ms a round): under load every
/// sign-in, code and token write then pays whole sleeps on blocked thread-pool threads. This gate queues the
/// app's writers in process instead (asynchronously, in order), so SQLite never sees two at once: each
/// SaveChanges with something to write holds it from start to commit, and so does each write issued outside one (ExecuteUpdate,
/// ExecuteDelete). Writes inside an explicit transaction are left alone, so that the gate can never wait on
/// a lock that SQLite gave to that transaction. Nothing changes in what is written or when it commits.
/// <para>
/// <see cref="InTransactionAsync"/> holds the gate for a whole transaction instead: several SaveChanges that
/// belong together (OpenIddict inserts a token row and then updates it with its payload) commit once, which is
/// one flush of the log to disk instead of one per SaveChanges.
/// </para>
/// </summary>
public sealed class SqliteWriteGate : DbCommandInterceptor, ISaveChangesInterceptor, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConditionalWeakTable<DbCommand, object> gatedCommands = [];
    private DbContext? saving;
    private DbContext? inTransaction;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction of <paramref name="db"/>, holding the gate from BEGIN to
    /// COMMIT (every SaveChanges of that context inside it goes through without waiting on the gate again).
    /// If the work throws, nothing it wrote is kept.
    /// </summary>
    public async Task InTransactionAsync(DbContext db, Func<Task> work, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            inTransaction = db;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work();
            // Not cancelled half way: once the work is done, its writes commit together or not at all.
            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            inTransaction = null;
            gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> while holding the gate: a writer outside EF Core (<see cref="SqliteGroupCommit"/>) on
    /// a connection of its own, which must not meet a SaveChanges of the app in SQLite's lock.
    /// </summary>
    public async Task ExclusiveAsync(Func<Task> work)
    {
        await gate.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            gate.Release();
        }
    }

    // SaveChanges: from the first statement to the commit.
    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (!SavesSomething(eventData.Context))
        {
            return result;
        }
        await gate.WaitAsync(cancellationToken);
        saving = eventData.Context;
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (!SavesSomething(eventData.Context))
        {
            return result;
        }
        gate.Wait();
        saving = eventData.Context;
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return new(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndSave(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => EndSave(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => EndSave(eventData.Context);

    // A SaveChanges that lost an optimistic-concurrency race (two redemptions of one code) ends with
    // DbUpdateConcurrencyException, for which EF Core does not report SaveChangesFailed: the save ends here, or the
    // gate would stay held and every later write wait for ever. Its transaction rolls back as the exception unwinds;
    // a writer let in meanwhile at worst meets SQLite's lock briefly and retries.
    public ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return new(result);
    }

    public InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        EndSave(eventData.Context);
        return result;
    }

    private bool HoldsTransaction(DbContext? context) => context is not null && ReferenceEquals(inTransaction, context);

    /// <summary>
    /// Whether a SaveChanges must queue: not inside the transaction that holds the gate, and with something to write.
    /// A SaveChanges with no change writes nothing, so it does not wait behind another writer's transaction (a
    /// client_credentials token, which stores nothing, would otherwise queue behind a sign-in or a session end).
    /// </summary>
    private bool SavesSomething(DbContext? context) => !HoldsTransaction(context) && context?.ChangeTracker.HasChanges() != false;

    private void EndSave(DbContext? context)
    {
        if (context is not null && ReferenceEquals(saving, context))
        {
            saving = null;
            gate.Release();
        }
    }

    // A single write statement outside SaveChanges and outside any explicit transaction.
    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (NeedsGate(command, eventData))
        {
            await gate.WaitAsync(cancellationToken);
            gatedCommands.AddOrUpdate(command, this);
        }
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (NeedsGate(command, eventData))
        {
            gate.Wait();
            gatedCommands.AddOrUpdate(command, this);
        }
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return new(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndCommand(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => EndCommand(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => EndCommand(command);

    private bool NeedsGate(DbCommand command, CommandEventData eventData) =>
        command.Transaction is null && (eventData.Context is null || !ReferenceEquals(saving, eventData.Context));

    public void Dispose() => gate.Dispose();

    private void EndCommand(DbCommand command)
    {
        if (gatedCommands.Remove(command))
        {
            gate.Release();
        }
    }
}
