using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Data;

/// <summary>
/// BMS's store. Each feature folder brings its entities and their configuration. This type is the SQLite store
/// (migrations in <c>Data/Migrations/Sqlite</c>); <see cref="PostgresBmsDbContext"/> is the same model on PostgreSQL.
/// </summary>
public class BmsDbContext : DbContext
{
    public BmsDbContext(DbContextOptions<BmsDbContext> options) : base(options)
    {
    }

    protected BmsDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<BmsTenant> Tenants => Set<BmsTenant>();
    public DbSet<BmsUser> Users => Set<BmsUser>();
    public DbSet<BmsSession> Sessions => Set<BmsSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BmsDbContext).Assembly);
}

/// <summary>BMS's store on PostgreSQL (migrations in <c>Data/Migrations/Postgres</c>).</summary>
public sealed class PostgresBmsDbContext(DbContextOptions<PostgresBmsDbContext> options) : BmsDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the app.</summary>
internal sealed class DesignTimeBmsDbContextFactory : IDesignTimeDbContextFactory<BmsDbContext>
{
    public BmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BmsDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server (none is contacted).</summary>
internal sealed class DesignTimePostgresBmsDbContextFactory : IDesignTimeDbContextFactory<PostgresBmsDbContext>
{
    public PostgresBmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBmsDbContext>().UseNpgsql("Host=localhost").Options);
}
