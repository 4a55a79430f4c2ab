using System.Net;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using SsoSuite.Identity.Tests.Support;

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
        var factory = stores.On(store);
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var code = rp.CodeFrom(page);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => rp.RedeemAsync(code)));

        Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Response.StatusCode != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.Response.StatusCode);
            Assert.Equal("invalid_grant", a.Body.GetProperty("error").GetString());
        });
        var refreshTokens = await factory.WithDbAsync(async db =>
        {
            var subject = (await db.Accounts.SingleAsync(a => a.UserName == user)).Id.ToString();
            return await db.Set<OpenIddictEntityFrameworkCoreToken>()
                .CountAsync(t => t.Subject == subject && t.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken);
        });
        Assert.Equal(1, refreshTokens);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_ARedeemedCodeIsStoredAsRedeemedWithTheTokensItGave(Store store)
    {
        var factory = stores.On(store);
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());

        var (response, _) = await rp.RedeemAsync(rp.CodeFrom(page));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await factory.WithDbAsync(async db =>
        {
            var subject = (await db.Accounts.SingleAsync(a => a.UserName == user)).Id.ToString();
            return await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == subject)
                .Select(t => new { t.Type, t.Status }).ToListAsync();
        });
        Assert.Contains(rows, r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode
                                   && r.Status == OpenIddictConstants.Statuses.Redeemed);
        Assert.Contains(rows, r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken
                                   && r.Status == OpenIddictConstants.Statuses.Valid);
    }
}
