using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rules 6 and 9: the round trip of Enable Login with KaseyaOne signs in to KaseyaOne afresh, which ends the BMS
/// session it started from; that session's user is signed in again on return only when KaseyaOne's session did change
/// (a new sid in the returned ID token), for the same user in the same tenant. A BMS session that ended for another
/// reason while its KaseyaOne session stayed live (a logout in another tab) is not brought back by a code from that same
/// KaseyaOne session. The journeys (ReEnableLinkTests) only ever return a new sid, so each condition is checked here.
/// </summary>
public sealed class RoundTripStarterTests(BmsFactory factory) : IClassFixture<BmsFactory>
{
    private const string StartedFrom = "k1-session-the-bms-session-was-bound-to";
    private const string Fresh = "k1-session-of-the-fresh-sign-in";

    [Fact]
    public async Task Rule9_TheUserOfAnEndedKaseyaOneSessionIsFoundOnlyAfterKaseyaOneSessionChanged()
    {
        var user = await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "revive-" + Guid.NewGuid().ToString("N")[..8]);
        var other = await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "revive-other-" + Guid.NewGuid().ToString("N")[..8]);
        var ended = await StartAsync(user, SignInMethods.KaseyaOne, end: true);
        var state = new KaseyaOneJourneyState(user.TenantId, user.Id, SessionId: ended);

        Assert.Equal(user.Id, await FindAsync(state, Fresh));
        // The same KaseyaOne session, or none named: the BMS session ended for another reason.
        Assert.Null(await FindAsync(state, StartedFrom));
        Assert.Null(await FindAsync(state, null));
        // The round trip's state names another user, another tenant, or no session.
        Assert.Null(await FindAsync(state with { UserId = other.Id }, Fresh));
        Assert.Null(await FindAsync(state with { TenantId = Guid.NewGuid() }, Fresh));
        Assert.Null(await FindAsync(state with { SessionId = null }, Fresh));
        // A session that is still live, or one signed in with the BMS password, is never brought back.
        Assert.Null(await FindAsync(state with { SessionId = await StartAsync(user, SignInMethods.KaseyaOne, end: false) }, Fresh));
        Assert.Null(await FindAsync(state with { SessionId = await StartAsync(user, SignInMethods.Local, end: true) }, Fresh));
    }

    private async Task<string> StartAsync(BmsUser user, string method, bool end)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<BmsSessionStore>();
        var origin = method == SignInMethods.KaseyaOne ? new KaseyaOneSessionOrigin(StartedFrom, "k1-subject", null) : null;
        var session = await sessions.StartAsync(user, method, origin);
        if (end)
        {
            Assert.True(await sessions.EndAsync(session.Id));
        }
        return session.Id;
    }

    private async Task<Guid?> FindAsync(KaseyaOneJourneyState state, string? kaseyaOneSid)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var starter = scope.ServiceProvider.GetRequiredService<RoundTripStarter>();
        return (await starter.FindAfterItsKaseyaOneSessionEndedAsync(new DefaultHttpContext(), state, kaseyaOneSid))?.Id;
    }
}
