using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>Live sessions are kept in memory for a few seconds; an ended session must never be answered from there.</summary>
public sealed class LiveSessionCacheTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Rule9_ACookieJustAnsweredFromMemory_IsRefusedRightAfterSignOut()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        // The landing page, twice: the second answer comes from the remembered session.
        Assert.Equal("/", (await browser.OpenAsync("/")).Url.AbsolutePath);
        Assert.Equal("/", (await browser.OpenAsync("/")).Url.AbsolutePath);
        var captured = browser.Cookie("k1.session")!;

        var signOut = await browser.OpenAsync("/Sessions/SignOut");
        await browser.SubmitAsync(signOut, new Dictionary<string, string>());

        using var thief = factory.NewBrowser();
        thief.Cookies.Add(new System.Net.Cookie("k1.session", captured, "/", "localhost"));
        Assert.Equal("/Accounts/Login", (await thief.OpenAsync("/")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Rule9_DeactivatingAnAccount_EndsItsRememberedSessionAtOnce()
    {
        var user = await factory.CreateAsync();
        using var browser = factory.NewBrowser();
        await browser.SignInAsync(IdentityFactory.Company, user);
        Assert.Equal("/", (await browser.OpenAsync("/")).Url.AbsolutePath);

        var accountId = await factory.WithDbAsync(db => Task.FromResult(db.Accounts.Single(a => a.UserName == user).Id));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SessionEnding>().EndAllAsync(accountId, SessionEndCause.Deactivated);
        }

        Assert.Equal("/Accounts/Login", (await browser.OpenAsync("/")).Url.AbsolutePath);
    }

    [Fact]
    public void ASessionThatEndedWhileBeingRead_IsNotBroughtBackByThatRead()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new LiveSessionCache(clock);
        var (session, account) = Live("s1");

        // A request read the session from the store, the session then ended, and only then did the request
        // get round to remembering what it read.
        cache.Forget(session.Id);
        cache.Remember(session, account, 0);

        Assert.Null(cache.Find(session.Id, 0));
        cache.RememberAuthorization(session.Id, "bms", "authorization-1", 0);
        Assert.Null(cache.FindAuthorization(session.Id, "bms", 0));
    }

    [Fact]
    public void ARememberedSession_IsReadFromTheStoreAgainAfterItsLifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new LiveSessionCache(clock);
        var (session, account) = Live("s2");
        cache.Remember(session, account, 0);
        cache.RememberAuthorization(session.Id, "bms", "authorization-2", 0);
        Assert.NotNull(cache.Find(session.Id, 0));
        Assert.Equal("authorization-2", cache.FindAuthorization(session.Id, "bms", 0));

        clock.Advance(LiveSessionCache.Lifetime);

        Assert.Null(cache.Find(session.Id, 0));
        Assert.Null(cache.FindAuthorization(session.Id, "bms", 0));
    }

    [Fact]
    public void Rule9_ASessionReadAtAnOlderGeneration_AnswersNoRequestThatReadANewerOne()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new LiveSessionCache(clock);
        var (session, account) = Live("s3");
        cache.Remember(session, account, 4);
        cache.RememberAuthorization(session.Id, "bms", "authorization-3", 4);
        Assert.NotNull(cache.Find(session.Id, 4));

        // Another instance ended a session (any session) and bumped the generation: this request read 5.
        Assert.Null(cache.Find(session.Id, 5));
        Assert.Null(cache.FindAuthorization(session.Id, "bms", 5));
        // Nor is an authorization attached to an entry of another generation.
        cache.RememberAuthorization(session.Id, "other", "authorization-4", 5);
        Assert.Null(cache.FindAuthorization(session.Id, "other", 4));
    }

    private static (K1Session, K1Account) Live(string id)
    {
        var tenant = new K1Tenant { Name = "T", NormalizedName = "T" };
        var account = AccountBuilder.KaseyaOne(tenant.Id, "a", "a@example.com");
        account.Tenant = tenant;
        return (new K1Session { Id = id, AccountId = account.Id, AuthenticatedAt = DateTimeOffset.UtcNow }, account);
    }
}
