using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using SsoSuite.Identity.Sessions;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Shared.Audit;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Identity.Tests.Sessions;

/// <summary>SPEC rule 9: back-channel logouts go through a durable outbox, are retried, and each attempt has a fresh token.</summary>
public sealed class LogoutDeliveryTests : IDisposable
{
    // The tests' own folder: KaseyaOne is stopped and started again on it.
    private readonly string folder = Directory.CreateTempSubdirectory("k1-test-").FullName;
    private string? database;

    /// <summary>The store of this test's instances: the SQLite file in the folder, or a fresh PostgreSQL database.</summary>
    private Dictionary<string, string?> StoreSettings(Store store)
    {
        if (store == Store.Postgres)
        {
            database ??= TestPostgres.NewDatabase();
            return new() { ["ConnectionStrings:Default"] = database };
        }
        return [];
    }

    private static async Task<(FormBrowser Browser, string Sid)> SignedInClientAsync(IdentityFactory factory)
    {
        var user = await factory.CreateAsync();
        var browser = factory.NewBrowser();
        var rp = new RelyingParty(browser.Http);
        var page = await browser.SignInAsync(IdentityFactory.Company, user, returnUrl: rp.AuthorizeUrl());
        var (_, tokens) = await rp.RedeemAsync(rp.CodeFrom(page));
        return (browser, new JsonWebToken(tokens.GetProperty("id_token").GetString()).GetClaim("sid").Value);
    }

    private static Task<LogoutDelivery> DeliveryAsync(IdentityFactory factory, string sid) =>
        factory.WithDbAsync(db => db.LogoutDeliveries.AsNoTracking().SingleAsync(d => d.SessionId == sid && d.ClientId == IdentityFactory.ClientId));

    private static string Jti(Dictionary<string, string> form) => new JsonWebToken(form["logout_token"]).Id;

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule9_TheOutboxSurvivesARestart_AndDeliversOnceTheClientIsBack_WithAFreshToken(Store store)
    {
        var authenticator = new Authenticator();
        var clock = authenticator.Clock;
        string sid;
        string firstJti;
        await using (var before = IdentityFactory.On(folder, StoreSettings(store), authenticator))
        {
            before.BackChannel.Answer = HttpStatusCode.ServiceUnavailable;
            var (browser, signedInSid) = await SignedInClientAsync(before);
            sid = signedInSid;
            using var signedIn = browser;

            var signedOut = await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

            Assert.Contains("Could not reach", signedOut.TestId("apps-pending"), StringComparison.Ordinal);
            var waiting = await DeliveryAsync(before, sid);
            Assert.Equal(LogoutDeliveryState.Retrying, waiting.State);
            Assert.Equal("503 Service Unavailable", waiting.LastAnswer);
            firstJti = Jti((await before.BackChannel.WaitForAsync(f => f.ContainsKey("logout_token"))).Form);
        }

        // Started again on the same store, a minute later, with the client up.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var after = IdentityFactory.On(folder, StoreSettings(store), authenticator);
        _ = after.Server;
        await after.Housekeeping.RunOnceAsync(CancellationToken.None);

        var delivered = await DeliveryAsync(after, sid);
        Assert.Equal(LogoutDeliveryState.Delivered, delivered.State);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal("200 OK", delivered.LastAnswer);
        var (_, form) = await after.BackChannel.WaitForAsync(f => f.ContainsKey("logout_token"));
        var token = new JsonWebToken(form["logout_token"]);
        Assert.Equal(sid, token.GetClaim("sid").Value);
        Assert.NotEqual(firstJti, token.Id);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), token.GetPayloadValue<long>("iat"));
    }

    [Fact]
    public async Task Rule9_AClientThatRefusesTheLogoutIsGivenUpAtOnce_AndTheAuditSaysSo()
    {
        await using var factory = IdentityFactory.On(folder);
        factory.BackChannel.Answer = HttpStatusCode.BadRequest;
        var (browser, sid) = await SignedInClientAsync(factory);
        using var signedIn = browser;

        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

        var delivery = await DeliveryAsync(factory, sid);
        Assert.Equal(LogoutDeliveryState.GivenUp, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == Audit.AuditActions.LogoutDelivery
            && a.Outcome == AuditOutcomes.GivenUp && a.AccountId == delivery.AccountId)));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule9_ADeliveryStillFailingAfterADayIsGivenUp(Store store)
    {
        await using var factory = IdentityFactory.On(folder, StoreSettings(store));
        var clock = factory.Clock;
        factory.BackChannel.Answer = HttpStatusCode.BadGateway;
        var (browser, sid) = await SignedInClientAsync(factory);
        using var signedIn = browser;
        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

        for (var hour = 0; hour < 25; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await factory.Housekeeping.RunOnceAsync(CancellationToken.None);
        }

        var delivery = await DeliveryAsync(factory, sid);
        Assert.Equal(LogoutDeliveryState.GivenUp, delivery.State);
        Assert.InRange(delivery.Attempts, 10, 40);
        Assert.Equal("502 Bad Gateway", delivery.LastAnswer);
    }

    [Fact]
    public async Task Rule9_AClientThatSendsItsHeadersButNeverItsBodyDoesNotHoldUpTheOutbox()
    {
        await using var factory = IdentityFactory.On(folder);
        factory.BackChannel.Answer = HttpStatusCode.ServiceUnavailable;
        var (browser, sid) = await SignedInClientAsync(factory);
        using var signedIn = browser;
        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());
        Assert.Equal(LogoutDeliveryState.Retrying, (await DeliveryAsync(factory, sid)).State);

        // The client is back, but answers "200 OK" and then hangs; the sweep that retries the delivery must still end.
        factory.BackChannel.Answer = HttpStatusCode.OK;
        factory.BackChannel.StallBody = true;
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var sweep = factory.Housekeeping.RunOnceAsync(CancellationToken.None);
        var first = await Task.WhenAny(sweep, factory.BackChannel.BodyReadStarted);
        factory.BackChannel.EndStalledBodies();
        await sweep;

        Assert.Same(sweep, first);
        var delivery = await DeliveryAsync(factory, sid);
        Assert.Equal(LogoutDeliveryState.Delivered, delivery.State);
        Assert.Equal("200 OK", delivery.LastAnswer);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule9_AClientAnsweringWithAnOverlongReasonPhraseIsRetried_AndItsAnswerIsKeptShortened(Store store)
    {
        await using var factory = IdentityFactory.On(folder, StoreSettings(store));
        // The client chooses its reason phrase: one longer than the column that keeps the answer, on every attempt.
        factory.BackChannel.Answer = HttpStatusCode.ServiceUnavailable;
        factory.BackChannel.ReasonPhrase = "Service Unavailable " + new string('x', LogoutDelivery.LastAnswerMaxLength);
        var (browser, sid) = await SignedInClientAsync(factory);
        using var signedIn = browser;
        await browser.SubmitAsync(await browser.OpenAsync("/Sessions/SignOut"), new Dictionary<string, string>());

        factory.Clock.Advance(TimeSpan.FromHours(1));
        await factory.Housekeeping.RunOnceAsync(CancellationToken.None);

        var delivery = await DeliveryAsync(factory, sid);
        Assert.Equal(LogoutDeliveryState.Retrying, delivery.State);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(("503 " + factory.BackChannel.ReasonPhrase)[..LogoutDelivery.LastAnswerMaxLength], delivery.LastAnswer);
    }

    public void Dispose()
    {
        if (database is not null)
        {
            TestPostgres.Drop(database);
        }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
