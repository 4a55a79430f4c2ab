using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// SPEC rule 13 for the Host header's length, on both stores: without a configured issuer, KaseyaOne states the
/// request's origin as its issuer and keeps it with each session (logout tokens carry it). A Host longer than any host
/// name and port is a plain 400 (RFC 9112 §3.2), before a sign-in could reach the store; on PostgreSQL the session's
/// issuer outgrew its column and the sign-in's last step, the code, failed with a 500.
/// </summary>
public sealed class LongHostTests(IdentityOnEachStore stores) : IClassFixture<IdentityOnEachStore>
{
    /// <summary>Five labels of 60 letters: a host Kestrel reads, but no DNS name (304 characters).</summary>
    private static readonly string TooLong = string.Join('.', Enumerable.Repeat(new string('a', 60), 5));

    /// <summary>The longest host name (253 characters: four labels of 63, dots between them) and the longest port.</summary>
    private static readonly string Longest = string.Join('.', Enumerable.Repeat(new string('b', 63), 3)
        .Append(new string('b', 253 - 3 * 64))) + ":65535";

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_AHostLongerThanAnyHostNameIsABadRequest_AndNoSessionStarts(Store store)
    {
        var factory = stores.On(store);
        var userName = await factory.CreateAsync();
        using var browser = BrowserOn(factory, TooLong);

        var page = await browser.SignInAsync(IdentityFactory.Company, userName);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, await SessionsAsync(factory, userName));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule13_TheLongestHostNameAndPortSignIn_AndTheirIssuerFitsTheSession(Store store)
    {
        Assert.Equal(WellFormedHost.MaxLength, Longest.Length);
        Assert.True("https://".Length + WellFormedHost.MaxLength + "/".Length <= K1Session.IssuerMaxLength);
        var factory = stores.On(store);
        var userName = await factory.CreateAsync();
        using var browser = BrowserOn(factory, Longest);

        var page = await browser.SignInAsync(IdentityFactory.Company, userName);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/", page.Path);
        Assert.Equal(1, await SessionsAsync(factory, userName));
    }

    [Fact]
    public void Rule13_AConfiguredIssuerLongerThanASessionKeepsStopsTheAppWithTheValidationMessage()
    {
        var issuer = "https://k1.example/" + new string('p', K1Session.IssuerMaxLength);
        using var app = stores.On(Store.Sqlite).WithWebHostBuilder(b => b.UseSetting("Oidc:Issuer", issuer));

        var failure = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Oidc:Issuer must be at most 300 characters long.", failure.ToString(), StringComparison.Ordinal);
    }

    private static FormBrowser BrowserOn(IdentityFactory factory, string host) =>
        new(new HttpMessageInvoker(factory.Server.CreateHandler()), new Uri($"http://{host}/")) { Authenticator = factory.Authenticator };

    private static Task<int> SessionsAsync(IdentityFactory factory, string userName) =>
        factory.WithDbAsync(db => db.Sessions.CountAsync(s => db.Accounts.Any(a => a.Id == s.AccountId && a.UserName == userName)));
}
