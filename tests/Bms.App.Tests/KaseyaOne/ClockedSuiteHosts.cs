using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// Both apps on one controllable clock, KaseyaOne with a one-hour absolute session lifetime and no quick retries
/// (they would wait on this clock). One per test: the clock only moves forward.
/// </summary>
public sealed class ClockedSuiteHosts(FakeTimeProvider clock) : SuiteHosts(clock, new Dictionary<string, string?>
{
    ["Sessions:AbsoluteLifetime"] = "01:00:00",
    ["Sessions:IdleTimeout"] = "00:30:00",
    ["Sessions:Delivery:ImmediateRetries"] = "0",
})
{
    public FakeTimeProvider Clock { get; } = clock;

    public ClockedSuiteHosts() : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    /// <summary>The authenticator codes follow real time: until a test moves the clock ahead, it keeps up with it.</summary>
    public override void BeforeCode()
    {
        if (DateTimeOffset.UtcNow > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }
    }

    /// <summary>KaseyaOne's background sweep, run now: sessions past their lifetime end, due deliveries are retried.</summary>
    public Task SweepAsync() =>
        Identity.Services.GetServices<IHostedService>().OfType<SessionHousekeeping>().Single().RunOnceAsync(CancellationToken.None);
}
