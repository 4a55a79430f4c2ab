using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// Both apps, KaseyaOne with a one-hour absolute session lifetime and no background sweep of its own. One per test:
/// the tests move the clock far ahead.
/// </summary>
public sealed class ClockedSuiteHosts() : SuiteHosts(new Dictionary<string, string?>
{
    ["Sessions:AbsoluteLifetime"] = "01:00:00",
    ["Sessions:IdleTimeout"] = "00:30:00",
    // Only the test sweeps (SweepAsync): a background sweep woken by the moved clock would claim the same deliveries
    // and still be sending them when the test looks.
    ["Sessions:SweepInterval"] = "7.00:00:00",
})
{
    /// <summary>KaseyaOne's background sweep, run now: sessions past their lifetime end, due deliveries are retried.</summary>
    public Task SweepAsync() =>
        Identity.Services.GetServices<IHostedService>().OfType<SessionHousekeeping>().Single().RunOnceAsync(CancellationToken.None);
}
