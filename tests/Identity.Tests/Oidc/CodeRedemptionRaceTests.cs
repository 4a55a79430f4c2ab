using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Data;
using SsoSuite.Testing.Hosting;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// A sign-in's token rows are written together at the end of the request (TokenWriteBatch); a code must still be
/// usable exactly once when several requests present it at the same moment (RFC 6749 §4.1.2).
/// </summary>
public sealed class CodeRedemptionRaceTests(IdentityOnEachStore stores) : IClassFixture<IdentityOnEachStore>
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_OneCodeRedeemedByManyRequestsAtOnceGivesExactlyOneSetOfTokens(Store store)
    {
        using var signedIn = await stores.On(store).SignedInClientAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => signedIn.Rp.RedeemAsync(signedIn.Code)));

        Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Response.StatusCode != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.Response.StatusCode);
            Assert.Equal("invalid_grant", a.Body.GetProperty("error").GetString());
        });
        var subject = await signedIn.SubjectAsync();
        var refreshTokens = await signedIn.Factory.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>()
            .CountAsync(t => t.Subject == subject && t.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken));
        Assert.Equal(1, refreshTokens);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_ARedeemedCodeIsStoredAsRedeemedWithTheTokensItGave(Store store)
    {
        using var signedIn = await stores.On(store).SignedInClientAsync();

        var (response, _) = await signedIn.Rp.RedeemAsync(signedIn.Code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subject = await signedIn.SubjectAsync();
        var rows = await signedIn.Factory.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Subject == subject).Select(t => new { t.Type, t.Status }).ToListAsync());
        Assert.Contains(rows, r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode
                                   && r.Status == OpenIddictConstants.Statuses.Redeemed);
        Assert.Contains(rows, r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken
                                   && r.Status == OpenIddictConstants.Statuses.Valid);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_ARedemptionStoresTheRedeemedCodeAndEveryTokenItGivesInOneWrite(Store store)
    {
        using var signedIn = await stores.On(store).SignedInClientAsync();

        // Every SaveChanges that stored a token of this account, with the token types it stored.
        var writes = new ConcurrentQueue<(string By, string[] Types)>();
        var subject = await signedIn.SubjectAsync();
        void Saved(DbContext db, string by)
        {
            if (db.ChangeTracker.Entries<OpenIddictEntityFrameworkCoreToken>().Where(e => e.Entity.Subject == subject)
                    .Select(e => e.Entity.Type ?? "").ToArray() is { Length: > 0 } types)
            {
                writes.Enqueue((by, types));
            }
        }
        // A SaveChanges, or (on SQLite) a request's rows in a group commit.
        using var saves = EfCoreEvents.Observe(CoreEventId.SaveChangesCompleted, data =>
        {
            if (data is SaveChangesCompletedEventData { Context: { } db })
            {
                Saved(db, "SaveChanges");
            }
        });
        using var groupWrites = EfCoreEvents.ObserveListener(SqliteGroupCommit.Diagnostics.Name, SqliteGroupCommit.RequestWrittenEvent, data =>
        {
            if (data is DbContext db)
            {
                Saved(db, "group commit");
            }
        });
        var (response, _) = await signedIn.Rp.RedeemAsync(signedIn.Code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Nothing is handed out whose row is not stored with the rest: the code marked redeemed and the access
        // and refresh tokens commit together, or (on a lost race) not at all. The identity token has no row
        // (nothing looks one up; OidcSetup.StoreOnlyTokensThatAreLookedUp).
        var (by, write) = Assert.Single(writes);
        Assert.Equal(store == Store.Sqlite ? "group commit" : "SaveChanges", by);
        string[] stored =
        [
            OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode, OpenIddictConstants.TokenTypeIdentifiers.AccessToken,
            OpenIddictConstants.TokenTypeIdentifiers.RefreshToken,
        ];
        Assert.Equal(stored.Order(StringComparer.Ordinal), write.Order(StringComparer.Ordinal));
    }
}
