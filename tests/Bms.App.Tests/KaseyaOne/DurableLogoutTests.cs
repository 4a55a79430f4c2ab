using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>SPEC rules 9 and 14 over time: lifetimes end sessions on their own, and a BMS that was down is told once it is back.</summary>
public sealed class DurableLogoutTests : IAsyncLifetime
{
    private readonly ClockedSuiteHosts hosts = new();

    public Task InitializeAsync() => hosts.InitializeAsync();

    public Task DisposeAsync() => hosts.DisposeAsync();

    [Fact]
    public async Task Rule9_ReachingTheAbsoluteLifetime_EndsTheKaseyaOneSession_AndTheBmsSession()
    {
        var signedIn = await hosts.MemberInBmsAsync("Endlifetime");

        hosts.Clock.Advance(TimeSpan.FromMinutes(61));
        await hosts.SweepAsync();

        Assert.False(await signedIn.Member.InBmsAsync());
        Assert.Equal(nameof(SessionEndCause.LifetimeReached), await hosts.EndCauseAsync(signedIn.KaseyaOneSid));
    }

    [Fact]
    public async Task Rule9_ALogoutBmsMissedWhileDownIsDeliveredOnceItIsBack()
    {
        var signedIn = await hosts.MemberInBmsAsync("Enddown");
        hosts.BmsReachable = false;

        var signedOut = await signedIn.Member.PostAsync(SuiteHosts.K1 + "/Sessions/SignOut", "");

        Assert.Contains("Could not reach BMS yet", signedOut.TestId("apps-pending"), StringComparison.Ordinal);
        Assert.True(await signedIn.Member.InBmsAsync());

        hosts.BmsReachable = true;
        hosts.Clock.Advance(TimeSpan.FromSeconds(31));
        await hosts.SweepAsync();

        Assert.False(await signedIn.Member.InBmsAsync());
        var delivery = await hosts.K1DbAsync(db => db.LogoutDeliveries.SingleAsync(d => d.SessionId == signedIn.KaseyaOneSid));
        Assert.Equal(LogoutDeliveryState.Delivered, delivery.State);
        Assert.Equal(2, delivery.Attempts);
    }
}
