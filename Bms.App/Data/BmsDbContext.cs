using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Data;

/// <summary>BMS's store. Each feature folder brings its entities and their configuration.</summary>
public sealed class BmsDbContext(DbContextOptions<BmsDbContext> options) : DbContext(options)
{
    public DbSet<BmsTenant> Tenants => Set<BmsTenant>();
    public DbSet<BmsUser> Users => Set<BmsUser>();
    public DbSet<BmsSession> Sessions => Set<BmsSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BmsDbContext).Assembly);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app.</summary>
internal sealed class DesignTimeBmsDbContextFactory : IDesignTimeDbContextFactory<BmsDbContext>
{
    public BmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BmsDbContext>().UseSqlite("Data Source=design.db").Options);
}
