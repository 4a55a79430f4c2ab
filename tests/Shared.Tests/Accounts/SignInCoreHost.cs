using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Hosting;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>
/// The sign-in core as an app registers it, over a SQLite file of its own (so that parallel requests
/// really use separate connections), on a clock the tests move.
/// </summary>
public sealed class SignInCoreHost : IAsyncDisposable
{
    public const string Password = "Correct-Horse-1";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    public RecordingEvents Events { get; } = new();
    private readonly ServiceProvider services;
    private readonly string file = Path.Combine(Path.GetTempPath(), $"signin-core-{Guid.NewGuid():N}.db");

    public SignInCoreHost(int maxFailedAttempts = 5)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lockout:MaxFailedAttempts"] = maxFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lockout:Duration"] = "00:15:00",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        collection.AddDbContext<TestStore>(o => o.UseSqlite($"Data Source={file};Default Timeout=30"));
        collection.AddSingleton<ISignInEvents<TestAccount>>(Events);
        collection.AddMetrics();
        collection.AddSingleton(new AppTelemetry("tests", "tests-1"));
        collection.AddSignInCore<TestAccount, TestStore>(configuration, "tests.totp");
        services = collection.BuildServiceProvider(validateScopes: true);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TestStore>().Database.EnsureCreated();
    }

    public async Task<Guid> AddAccountAsync(Action<TestAccount>? shape = null)
    {
        await using var scope = services.CreateAsyncScope();
        var account = new TestAccount();
        account.PasswordHash = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<TestAccount>>()
            .HashPassword(account, Password);
        shape?.Invoke(account);
        var db = scope.ServiceProvider.GetRequiredService<TestStore>();
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>Runs one request: a scope of its own, the account freshly read, as a page handler has it.</summary>
    public async Task<T> RequestAsync<T>(Guid accountId, Func<TestAccount, IServiceProvider, Task<T>> handle)
    {
        await using var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<TestStore>().Accounts.SingleAsync(a => a.Id == accountId);
        return await handle(account, scope.ServiceProvider);
    }

    public Task<T> PasswordsAsync<T>(Guid accountId, Func<PasswordSignIn<TestAccount>, TestAccount, Task<T>> handle) =>
        RequestAsync(accountId, (account, sp) => handle(sp.GetRequiredService<PasswordSignIn<TestAccount>>(), account));

    public Task<T> AuthenticatorAsync<T>(Guid accountId, Func<TotpAuthenticator<TestAccount>, TestAccount, Task<T>> handle) =>
        RequestAsync(accountId, (account, sp) => handle(sp.GetRequiredService<TotpAuthenticator<TestAccount>>(), account));

    public TotpSecretProtection<TestAccount> Secrets => services.GetRequiredService<TotpSecretProtection<TestAccount>>();

    public Task<TestAccount> ReadAsync(Guid accountId) => RequestAsync(accountId, (account, _) => Task.FromResult(account));

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }
}
