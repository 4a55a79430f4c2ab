using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace SsoSuite.Shared.Data;

/// <summary>
/// The Data Protection key ring in the app's PostgreSQL database, so that every instance reads the cookies,
/// anti-forgery tokens and protected secrets the others wrote. Its own migrations history table keeps it apart
/// from the app's context in the same database.
/// </summary>
public sealed class KeyRingDbContext(DbContextOptions<KeyRingDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__KeyRingMigrationsHistory";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

/// <summary>
/// Migrates the key ring and makes its first key under the start-up lock: instances starting together would each
/// make their own first key otherwise (each valid, but a cookie from one would send the other back to the store).
/// </summary>
public sealed class KeyRingStartup(IKeyManager keys, TimeProvider clock) : IStoreStartupStep
{
    /// <summary>Data Protection's own default key lifetime.</summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await StoreMigrations.ApplyAsync(services.GetRequiredService<KeyRingDbContext>(), cancellationToken);
        var now = clock.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now + KeyLifetime);
        }
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the key ring's model without a server.</summary>
internal sealed class DesignTimeKeyRingDbContextFactory : IDesignTimeDbContextFactory<KeyRingDbContext>
{
    public KeyRingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KeyRingDbContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable(KeyRingDbContext.MigrationsHistoryTable)).Options);
}
