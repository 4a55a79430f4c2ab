using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Data;

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

internal sealed class DesignTimeBmsDbContextFactory : SqliteDesignTimeStore<BmsDbContext>;

internal sealed class DesignTimePostgresBmsDbContextFactory : PostgresDesignTimeStore<PostgresBmsDbContext>;
