using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SsoSuite.Shared.Data;

/// <summary>What an app seeds into an empty store when <c>Demo:Seed</c> is on (the embedded default).</summary>
public interface IDemoData<in TContext> where TContext : DbContext
{
    Task<bool> IsSeededAsync(TContext db, CancellationToken ct);

    /// <summary>Seeds, with services of a scope of their own.</summary>
    Task SeedAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>Applies migrations at start and, when enabled, seeds the demo data into an empty store.</summary>
public sealed class DatabaseStartup<TContext>(
    IServiceProvider services, IConfiguration configuration, ILogger<DatabaseStartup<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits: sign-ins never wait behind token writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var demo = scope.ServiceProvider.GetService<IDemoData<TContext>>();
        if (demo is not null && configuration.GetValue<bool>("Demo:Seed") && !await demo.IsSeededAsync(db, cancellationToken))
        {
            await demo.SeedAsync(scope.ServiceProvider, cancellationToken);
            logger.LogInformation("Demo data seeded into {Store}", typeof(TContext).Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DatabaseStartupSetup
{
    /// <summary>Migrates <typeparamref name="TContext"/> at start, and seeds <typeparamref name="TDemo"/> into it when empty.</summary>
    public static IServiceCollection AddMigrateAndSeed<TContext, TDemo>(this IServiceCollection services)
        where TContext : DbContext
        where TDemo : class, IDemoData<TContext>
    {
        services.AddScoped<IDemoData<TContext>, TDemo>();
        services.AddHostedService<DatabaseStartup<TContext>>();
        return services;
    }
}
