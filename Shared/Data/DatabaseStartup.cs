using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Data;

/// <summary>What an app seeds into an empty store when <c>Demo:Seed</c> is on (the embedded default).</summary>
public interface IDemoData<in TContext> where TContext : DbContext
{
    Task<bool> IsSeededAsync(TContext db, CancellationToken ct);

    /// <summary>Seeds, with services of a scope of their own.</summary>
    Task SeedAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>Start-up work on the store after migrations and before the demo data (the key ring, keys, client registration).</summary>
public interface IStoreStartupStep
{
    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// Applies migrations at start, runs the app's <see cref="IStoreStartupStep"/>s in the order they were registered,
/// then seeds the demo data into an empty store when enabled; all under the <see cref="StartupLock"/>: with
/// several instances on one PostgreSQL database, the first one migrates and creates what is missing, the others wait
/// and find it done.
/// <para>
/// All of it in <see cref="StartingAsync"/>, which the host runs before any hosted service's StartAsync: Data
/// Protection's own hosted service reads the key ring in its StartAsync, and on a fresh PostgreSQL server that read
/// would meet a database, or a key table, that the migrations have not created yet (and log it as an error).
/// </para>
/// </summary>
public sealed class DatabaseStartup<TContext>(
    IServiceProvider services, IOptions<DemoOptions> demoOptions, DataStore store, IEnumerable<IStoreStartupStep> steps,
    ILogger<DatabaseStartup<TContext>> logger) : IHostedLifecycleService
    where TContext : DbContext
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var startupLock = await AcquireAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await StoreMigrations.ApplyAsync(db, cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits: sign-ins never wait behind token writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        // The steps first: the demo data protects secrets (BMS's integrator TOTP key) with the key ring, which on
        // PostgreSQL is a table the key ring's own step migrates.
        foreach (var step in steps)
        {
            await step.RunAsync(scope.ServiceProvider, cancellationToken);
        }
        var demo = scope.ServiceProvider.GetService<IDemoData<TContext>>();
        if (demo is not null && demoOptions.Value.Seed && !await demo.IsSeededAsync(db, cancellationToken))
        {
            await demo.SeedAsync(scope.ServiceProvider, cancellationToken);
            logger.LogInformation("Demo data seeded into {Store}", typeof(TContext).Name);
        }
    }

    /// <summary>The start's first connection to the store: when it cannot be made, the operator is told which setting names it.</summary>
    private async Task<StartupLock> AcquireAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await StartupLock.AcquireAsync(store, typeof(TContext).FullName + ".startup", cancellationToken);
        }
        catch (DbException e)
        {
            var cause = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new StartFailureException(
                $"The store named by ConnectionStrings:Default cannot be reached: {cause}. Check that the database server runs and the connection string.", e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DatabaseStartupSetup
{
    /// <summary>Migrates <typeparamref name="TContext"/> at start, and seeds <typeparamref name="TDemo"/> into it when empty.</summary>
    public static IServiceCollection AddMigrateAndSeed<TContext, TDemo>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
        where TDemo : class, IDemoData<TContext>
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section)).ValidateOnStart();
        services.AddScoped<IDemoData<TContext>, TDemo>();
        services.AddHostedService<DatabaseStartup<TContext>>();
        // The store migrated here is the one /health answers for.
        services.AddHealthChecks().AddCheck<StoreHealthCheck<TContext>>("store", timeout: StoreHealthCheck<TContext>.Timeout);
        return services;
    }

    /// <summary>How an app registers its store: the provider chosen by connection string, the write gate, transactions.</summary>
    public static DataStore AddDataStore(this IServiceCollection services, DataStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<SqliteConnectionTuning>();
        services.AddSingleton<SqliteGroupCommit>();
        services.AddSingleton<StoreTransactions>();
        return store;
    }
}
