using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Launcher;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.TenantLinks;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Data;

/// <summary>
/// KaseyaOne's store: accounts, sessions, and OpenIddict's applications, authorizations and tokens. This type is
/// the SQLite store (its migrations are in <c>Data/Migrations/Sqlite</c>); <see cref="PostgresIdentityDbContext"/>
/// is the same model on PostgreSQL, with its own migrations. The app asks for this type either way.
/// </summary>
public class IdentityDbContext : DbContext
{
    public IdentityDbContext(DbContextOptions<IdentityDbContext> options) : base(options)
    {
    }

    protected IdentityDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<K1Tenant> Tenants => Set<K1Tenant>();
    public DbSet<K1Account> Accounts => Set<K1Account>();
    public DbSet<K1Session> Sessions => Set<K1Session>();
    public DbSet<SessionClient> SessionClients => Set<SessionClient>();
    public DbSet<LogoutDelivery> LogoutDeliveries => Set<LogoutDelivery>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<TenantLink> TenantLinks => Set<TenantLink>();
    public DbSet<UserLink> UserLinks => Set<UserLink>();
    public DbSet<ModuleUrl> ModuleUrls => Set<ModuleUrl>();
    public DbSet<StoreGeneration> StoreGenerations => Set<StoreGeneration>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IdentityDbContext).Assembly);
        modelBuilder.UseOpenIddict();
    }
}

/// <summary>KaseyaOne's store on PostgreSQL (migrations in <c>Data/Migrations/Postgres</c>).</summary>
public sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options) : IdentityDbContext(options);

internal sealed class DesignTimeIdentityDbContextFactory : SqliteDesignTimeStore<IdentityDbContext>;

internal sealed class DesignTimePostgresIdentityDbContextFactory : PostgresDesignTimeStore<PostgresIdentityDbContext>;
