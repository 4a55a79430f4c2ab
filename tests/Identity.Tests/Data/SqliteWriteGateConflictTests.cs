using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Data;

/// <summary>
/// A write that loses an optimistic-concurrency race (two redemptions of one code, two revocations of one
/// authorization) ends its SaveChanges with an exception; the write gate must not stay held by it, or every later
/// write of the app would wait for ever.
/// </summary>
public sealed class SqliteWriteGateConflictTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task AWriteThatLosesAConcurrencyRace_LeavesTheGateFreeForTheNextWriter()
    {
        var id = await factory.WithDbAsync(async db =>
        {
            var row = new OpenIddictEntityFrameworkCoreAuthorization { Subject = "race", Status = "valid", Type = "ad-hoc", ConcurrencyToken = "v1" };
            db.Add(row);
            await db.SaveChangesAsync();
            return row.Id!;
        });

        // Both read version v1; the first write wins, the second finds the row changed.
        await factory.WithDbAsync(async first => await factory.WithDbAsync(async second =>
        {
            var a = await first.Set<OpenIddictEntityFrameworkCoreAuthorization>().SingleAsync(x => x.Id == id);
            var b = await second.Set<OpenIddictEntityFrameworkCoreAuthorization>().SingleAsync(x => x.Id == id);
            (a.Status, a.ConcurrencyToken) = ("revoked", "v2");
            (b.Status, b.ConcurrencyToken) = ("revoked", "v3");
            await first.SaveChangesAsync();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
            return 0;
        }));

        // The next writer gets through (a guard against hanging the suite, not a timing assertion).
        var next = factory.WithDbAsync(async db =>
        {
            db.Add(new OpenIddictEntityFrameworkCoreAuthorization { Subject = "after-race", Status = "valid", Type = "ad-hoc" });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, await next.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
