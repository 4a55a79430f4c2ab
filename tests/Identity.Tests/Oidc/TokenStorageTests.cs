using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Oidc;

/// <summary>
/// Every token KaseyaOne stores hangs on its client and on the session's authorization (that link is what lets
/// a logout revoke exactly that session's tokens), even though the store links them by key without loading them.
/// </summary>
public sealed class TokenStorageTests(IdentityOnEachStore stores) : IClassFixture<IdentityOnEachStore>
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule9_EveryStoredTokenIsLinkedToItsClientAndTheSessionsAuthorization(Store store)
    {
        var factory = stores.On(store);
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        // A second code from the same session: the authorization is found in memory this time.
        var again = new RelyingParty(browser.Http);
        var (_, moreTokens) = await again.RedeemAsync(again.CodeFrom(await browser.OpenAsync(again.AuthorizeUrl())));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        Assert.True(moreTokens.TryGetProperty("refresh_token", out _));

        var (rows, applicationId, authorizationId) = await factory.WithDbAsync(async db =>
        {
            var accountId = (await db.Accounts.SingleAsync(a => a.UserName == user)).Id;
            var subject = accountId.ToString();
            var stored = await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == subject)
                .Select(t => new { t.Type, Complete = t.Payload != null && t.ReferenceId != null, Application = EF.Property<string>(t, "ApplicationId"), Authorization = EF.Property<string>(t, "AuthorizationId") })
                .ToListAsync();
            var application = await db.Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync(a => a.ClientId == IdentityFactory.ClientId);
            var link = await db.SessionClients.SingleAsync(c => c.ClientId == IdentityFactory.ClientId
                                                              && db.Sessions.Any(s => s.Id == c.SessionId && s.AccountId == accountId));
            return (stored.Select(t => (t.Type, t.Complete, t.Application, t.Authorization)).ToList(), application.Id, link.AuthorizationId);
        });

        // Two codes (each written once, with its payload, when OpenIddict attached it) and two refresh tokens.
        Assert.Equal(2, rows.Count(r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode && r.Complete));
        Assert.Equal(2, rows.Count(r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken));
        Assert.All(rows, r =>
        {
            Assert.Equal(applicationId, r.Application);
            Assert.Equal(authorizationId, r.Authorization);
        });
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task ClientCredentials_ATokenWritesNothingToTheStore(Store store)
    {
        var factory = stores.On(store);
        using var client = factory.CreateClient();
        var rp = new RelyingParty(client);
        var (first, _) = await rp.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        // Every SaveChanges of this app's store from here on: the store is the one in this app's connection string.
        var connection = await factory.StoreConnectionStringAsync();
        var saves = 0;
        using var observed = EfCoreEvents.Observe(CoreEventId.SaveChangesStarting, data =>
        {
            if (data is DbContextEventData { Context: { } db } && db.Database.GetConnectionString() == connection)
            {
                Interlocked.Increment(ref saves);
            }
        });

        var (response, body) = await rp.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(0, saves);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public void TheProviderUsesTheStoreThatLinksByKey(Store store)
    {
        using var scope = stores.On(store).Services.CreateScope();
        Assert.IsType<KaseyaOneTokenStore>(scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictTokenStore<OpenIddictEntityFrameworkCoreToken>>());
    }
}
