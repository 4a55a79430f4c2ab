using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SsoSuite.Identity.Sessions;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>KaseyaOne on a controllable clock (the housekeeping only runs when a test moves it or calls it).</summary>
public sealed class ClockedIdentityFactory(string dataFolder, FakeTimeProvider clock, IDictionary<string, string?>? extra = null)
    : IdentityFactory(dataFolder, WithoutQuickRetries(extra))
{
    public FakeTimeProvider Clock { get; } = clock;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Brings the clock up to real time (never back), so that a code from the test's authenticator is current.</summary>
    public void CatchUp()
    {
        if (DateTimeOffset.UtcNow > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }
    }

    public SessionHousekeeping Housekeeping => Services.GetServices<IHostedService>().OfType<SessionHousekeeping>().Single();

    // The resilience handler's quick retries wait on the clock too; on a clock that only tests move they would wait forever.
    private static Dictionary<string, string?> WithoutQuickRetries(IDictionary<string, string?>? extra) =>
        new(extra ?? new Dictionary<string, string?>()) { ["Sessions:Delivery:ImmediateRetries"] = "0" };
}
