using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Tests.Data;

/// <summary>Writes that belong together (a token row and its payload) commit together, and other writers wait for them.</summary>
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

    [Fact]
    public async Task OtherWriters_WaitForTheTransaction_InsteadOfFailingOnTheLockedDatabase()
    {
        var prefix = "busy-" + Guid.NewGuid().ToString("N")[..8];
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        var transaction = InTransactionAsync(async db =>
        {
            db.Tenants.Add(Tenant(prefix + "-tx"));
            await db.SaveChangesAsync();
            inside.SetResult();
            await release.Task;
        });
        await inside.Task;
        var released = false;
        var others = Enumerable.Range(0, 8).Select(i => factory.WithDbAsync(async db =>
        {
            db.Tenants.Add(Tenant($"{prefix}-{i}"));
            var saved = await db.SaveChangesAsync();
            // No other write may finish while the transaction holds the gate, however long it takes.
            Assert.True(Volatile.Read(ref released), "A write finished inside another writer's transaction.");
            return saved;
        })).ToArray();
        Assert.All(others, o => Assert.False(o.IsCompleted));
        Volatile.Write(ref released, true);
        release.SetResult();
        await transaction;

        Assert.All(await Task.WhenAll(others), saved => Assert.Equal(1, saved));
        Assert.Equal(9, await factory.WithDbAsync(db => db.Tenants.CountAsync(t => t.Name.StartsWith(prefix))));
    }

    private async Task InTransactionAsync(Func<IdentityDbContext, Task> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await scope.ServiceProvider.GetRequiredService<SqliteWriteGate>().InTransactionAsync(db, () => work(db), CancellationToken.None);
    }

    private static K1Tenant Tenant(string name) => new() { Name = name, NormalizedName = K1Tenant.Normalize(name) };
}
