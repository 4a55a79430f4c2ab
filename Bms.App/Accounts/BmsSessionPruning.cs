using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Accounts;

/// <summary>Hourly: removes sessions past their retention and the ids of logout tokens that could no longer be replayed.</summary>
public sealed class BmsSessionPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BmsSessionPruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Pruning BMS sessions failed; the next run tries again");
            }
            await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
        }
    }

    public async Task PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<BmsSessionStore>().PruneAsync(ct);
        var now = clock.GetUtcNow();
        var jtis = await scope.ServiceProvider.GetRequiredService<BmsDbContext>().Set<SeenLogoutToken>()
            .Where(t => t.ForgetAfter < now).ExecuteDeleteAsync(ct);
        logger.LogInformation("Pruned {Sessions} BMS sessions and {Jtis} seen logout-token ids", sessions, jtis);
    }
}
