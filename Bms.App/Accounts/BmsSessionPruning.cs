using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.Accounts;

/// <summary>Hourly: removes sessions past their retention and the ids of logout tokens that could no longer be replayed.</summary>
public sealed class BmsSessionPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BmsSessionPruning> logger)
    : PeriodicWork(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<BmsSessionStore>().PruneAsync(ct);
        var now = Clock.GetUtcNow();
        var jtis = await scope.ServiceProvider.GetRequiredService<BmsDbContext>().Set<SeenLogoutToken>()
            .Where(t => t.ForgetAfter < now).ExecuteDeleteAsync(ct);
        Logger.LogInformation("Pruned {Sessions} BMS sessions and {Jtis} seen logout-token ids", sessions, jtis);
    }
}
