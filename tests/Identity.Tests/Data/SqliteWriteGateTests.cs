using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Tests.Data;

/// <summary>Writes that belong together (a token row and its payload) commit together, and other writers wait for them without holding a thread.</summary>
public sealed class SqliteWriteGateTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task WritesOfOneTransaction_AreAllKept_OrNoneWhenTheWorkFails()
    {
        var kept = "kept-" + Guid.NewGuid().ToString("N")[..8];
        var dropped = "dropped-" + Guid.NewGuid().ToString("N")[..8];

        await InTransactionAsync(async db =>
        {
            db.Tenants.Add(Tenant(kept + "-1"));
            await db.SaveChangesAsync();
            db.Tenants.Add(Tenant(kept + "-2"));
            await db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => InTransactionAsync(async db =>
        {
            db.Tenants.Add(Tenant(dropped));
            await db.SaveChangesAsync();
            throw new InvalidOperationException("The work failed after its first write.");
        }));

        var names = await factory.WithDbAsync(db => db.Tenants.Select(t => t.Name).ToListAsync());
        Assert.Contains(kept + "-1", names);
        Assert.Contains(kept + "-2", names);
        Assert.DoesNotContain(dropped, names);
    }

    /// <summary>
    /// What only the gate gives. Microsoft.Data.Sqlite has no asynchronous I/O: a writer that meets another writer's
    /// open transaction sleeps on its thread in the provider's busy loop and, once the command timeout has run out,
    /// fails with "database is locked" (SQLITE_BUSY), its failed sign-in uncounted. Behind the gate it waits
    /// asynchronously instead: the call returns at once with a pending write, which lands when the transaction
    /// commits. The writers here are wrong codes counted by the real sign-in core while a token transaction is open,
    /// as many as lock the account (SPEC rule 13): every one of them counts. Without the gate the first call blocks
    /// this test's thread until the timeout and comes back failed.
    /// </summary>
    [Fact]
    public async Task Rule13_WrongCodesWhileATokenTransactionIsOpen_WaitForItAndAllCount()
    {
        var userName = await factory.CreateAsync();
        var limit = factory.Services.GetRequiredService<IOptions<SignInLockoutOptions>>().Value.MaxFailedAttempts;
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var transaction = InTransactionAsync(async db =>
        {
            db.Tenants.Add(Tenant("open-" + Guid.NewGuid().ToString("N")[..8]));
            await db.SaveChangesAsync();
            inside.SetResult();
            await release.Task;
        });
        await inside.Task;

        var scopes = new List<AsyncServiceScope>();
        var failures = new List<Task<bool>>();
        try
        {
            for (var i = 0; i < limit; i++)
            {
                var scope = factory.Services.CreateAsyncScope();
                scopes.Add(scope);
                var account = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Accounts
                    .SingleAsync(a => a.NormalizedUserName == K1Account.Normalize(userName));
                var failure = scope.ServiceProvider.GetRequiredService<PasswordSignIn<K1Account>>()
                    .RecordFailureAsync(account, "web", SignInFailure.WrongCode, CancellationToken.None);
                Assert.False(failure.IsCompleted,
                    $"Wrong code {i + 1} did not wait for the open transaction: {failure.Exception?.InnerException?.Message ?? "it was written inside it"}");
                failures.Add(failure);
            }
            release.SetResult();
            await transaction;
            // Those that read the count back once the limit was reached report the lockout: at least the last one.
            Assert.Contains(true, await Task.WhenAll(failures));
        }
        finally
        {
            release.TrySetResult();
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }

        var stored = await factory.WithDbAsync(db => db.Accounts.SingleAsync(a => a.NormalizedUserName == K1Account.Normalize(userName)));
        Assert.NotNull(stored.LockoutEnd);
    }

    /// <summary>
    /// A client_credentials token writes nothing (it is not stored), so it must not queue behind the write gate: an API
    /// client's token would otherwise wait for whatever sign-in or session end holds the store.
    /// </summary>
    [Fact]
    public async Task ClientCredentials_ATokenIsIssuedWhileAnotherRequestHoldsTheStoreForWriting()
    {
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var transaction = InTransactionAsync(async db =>
        {
            db.Tenants.Add(Tenant("held-" + Guid.NewGuid().ToString("N")[..8]));
            await db.SaveChangesAsync();
            inside.SetResult();
            await release.Task;
        });
        await inside.Task;
        try
        {
            using var client = factory.CreateClient();
            // The time limit only turns a token stuck behind the gate (which this test holds) into a failure instead
            // of a test that never ends.
            var (response, body) = await new RelyingParty(client)
                .TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" })
                .WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        }
        finally
        {
            release.TrySetResult();
            await transaction;
        }
    }

    private async Task InTransactionAsync(Func<IdentityDbContext, Task> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await scope.ServiceProvider.GetRequiredService<SqliteWriteGate>().InTransactionAsync(db, () => work(db), CancellationToken.None);
    }

    private static K1Tenant Tenant(string name) => new() { Name = name, NormalizedName = K1Tenant.Normalize(name) };
}
