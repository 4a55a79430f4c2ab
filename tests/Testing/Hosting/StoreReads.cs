using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// Counts the queries that read one table of one database, as EF Core reports them (its DiagnosticListener), from
/// every app in this test process: enough to tell an answer from memory from one read from the store. Only queries
/// against <paramref name="database"/> count, so tests on other databases running at the same time do not.
/// </summary>
public sealed class StoreReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string database;
    private readonly string from;
    private readonly List<IDisposable> subscriptions = [];
    private int count;

    private StoreReads(string database, string table)
    {
        this.database = database;
        from = $"FROM \"{table}\"";
    }

    /// <summary>Starts counting the reads of <paramref name="table"/> in the database <paramref name="connectionString"/> names.</summary>
    public static StoreReads Of(string table, string connectionString)
    {
        var reads = new StoreReads(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!, table);
        reads.subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(reads));
        return reads;
    }

    public int Count => Volatile.Read(ref count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandExecutedEventData { Command: { } command }
            && command.Connection?.Database == database
            && command.CommandText.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains(from, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }
}
