using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Testing.Hosting;

/// <summary>Reads a SQLite setting as an app's context sees it on a connection it opened (its interceptors applied).</summary>
public static class SqlitePragma
{
    public static async Task<long> ReadAsync(DbContext db, string pragma)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA " + pragma;
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
