using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SsoSuite.Shared.Data;

/// <summary>
/// A smaller SQLite page cache per connection: 512 KiB instead of SQLite's 2 MiB. Microsoft.Data.Sqlite pools
/// connections, about one per concurrent request, and each kept its full cache, a large share of the app's resident
/// memory under load (native heap; the README's Performance section has the measurements). Under WAL a connection's cache is emptied
/// whenever another connection has written, which on a sign-in server is all the time, so the larger cache bought
/// few hits. Applied once to each physical connection (EF Core opens and closes one around every query, so a
/// PRAGMA on every open would be one more statement per query). Durability settings are left at SQLite's
/// defaults: a used TOTP step or a redeemed code must survive a power cut, or it could be replayed.
/// </summary>
public sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA cache_size=-512;";
    private readonly ConditionalWeakTable<object, object> tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Tune(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Tune(connection);
        return Task.CompletedTask;
    }

    private void Tune(DbConnection connection)
    {
        // The native handle identifies the physical connection behind a pooled SqliteConnection.
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || tuned.TryGetValue(handle, out _))
        {
            return;
        }
        Tune(sqlite);
        tuned.AddOrUpdate(handle, this);
    }

    /// <summary>Tunes an open connection the app opened itself, outside EF Core (<see cref="SqliteGroupCommit"/>).</summary>
    public static void Tune(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
