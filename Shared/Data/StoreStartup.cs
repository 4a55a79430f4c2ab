using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SsoSuite.Shared.Data;

/// <summary>One piece of start-up work on the store (demo data, client registration, keys), run after migrations.</summary>
public interface IStoreStartupStep
{
    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// Migrates the store at start, then runs the app's <see cref="IStoreStartupStep"/>s in the order they were
/// registered, all under the <see cref="StartupLock"/>: with several instances on one PostgreSQL database, the
/// first one migrates and creates what is missing, the others wait and find it done.
/// </summary>
public sealed class StoreStartup<TContext>(IServiceProvider services, DataStore store, IEnumerable<IStoreStartupStep> steps)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var startupLock = await StartupLock.AcquireAsync(store, typeof(TContext).FullName + ".startup", cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (!store.IsPostgres)
        {
            // WAL lets readers go on while one writer commits: sign-ins never wait behind token writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        foreach (var step in steps)
        {
            await step.RunAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>How an app registers its store: the provider by connection string, the write gate, start-up under the lock.</summary>
public static class DataStoreSetup
{
    public static DataStore AddDataStore<TContext>(this IServiceCollection services, DataStore store) where TContext : DbContext
    {
        services.AddSingleton(store);
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<StoreTransactions>();
        services.AddHostedService<StoreStartup<TContext>>();
        return store;
    }
}
