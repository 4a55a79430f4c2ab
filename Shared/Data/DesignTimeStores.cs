using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SsoSuite.Shared.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> (<c>Shared/Data/add-migration</c>) build an app's SQLite model without starting
/// the app. The app declares one for its store type, which takes its options in its constructor.
/// </summary>
public abstract class SqliteDesignTimeStore<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=design.db").Options)!;
}

/// <summary>The same for the app's PostgreSQL model; no server is contacted.</summary>
public abstract class PostgresDesignTimeStore<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=localhost").Options)!;
}
