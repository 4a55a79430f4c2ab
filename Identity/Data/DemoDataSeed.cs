using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Data;

/// <summary>When enabled (the embedded default), seeds the demo data into an empty store, once, after migrations.</summary>
public sealed class DemoDataSeed(IConfiguration configuration, ILogger<DemoDataSeed> logger) : IStoreStartupStep
{
    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IdentityDbContext>();
        if (configuration.GetValue<bool>("Demo:Seed") && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await DemoAccounts.SeedAsync(services, cancellationToken);
            logger.LogInformation("Demo data seeded: every demo password is {Password}", DemoAccounts.Password);
        }
    }
}
