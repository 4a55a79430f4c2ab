using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// The background side of the session lifecycle, every <see cref="SessionOptions.SweepInterval"/>: sessions past their
/// absolute lifetime end (and their clients are told, as at any end), due logout deliveries are retried, and once an
/// hour what is past <see cref="SessionOptions.Retention"/> is pruned: finished deliveries, ended sessions, and
/// OpenIddict's own expired or revoked tokens and authorizations (its <c>PruneAsync</c>).
/// </summary>
public sealed class SessionHousekeeping(
    IServiceScopeFactory scopes,
    LogoutDeliverySender sender,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    ILogger<SessionHousekeeping> logger) : PeriodicWork(clock, logger)
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private DateTimeOffset lastPrune = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    /// <summary>One sweep: lifetimes, due deliveries, and (hourly) pruning.</summary>
    public override async Task RunOnceAsync(CancellationToken ct)
    {
        await EndExpiredSessionsAsync(ct);
        await sender.DeliverDueAsync(ct);
        if (Clock.GetUtcNow() - lastPrune >= PruneEvery)
        {
            await PruneAsync(ct);
            lastPrune = Clock.GetUtcNow();
        }
    }

    private async Task EndExpiredSessionsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = Clock.GetUtcNow();
        // The longest overdue first, 200 a round: a batch without an order would be whichever rows the store met first.
        var expired = await db.Sessions.Where(s => s.EndedAt == null && s.ExpiresAt <= now).OrderBy(s => s.ExpiresAt)
            .Select(s => s.Id).Take(200).ToListAsync(ct);
        if (expired.Count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<SessionEnding>().EndAsync(expired, SessionEndCause.LifetimeReached, ct: ct);
        }
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var threshold = Clock.GetUtcNow() - options.Value.Retention;
        var deliveries = await db.LogoutDeliveries
            .Where(d => (d.State == LogoutDeliveryState.Delivered || d.State == LogoutDeliveryState.GivenUp) && d.NextAttemptAt < threshold)
            .ExecuteDeleteAsync(ct);
        // A session is kept while a delivery for it is unfinished: admins see what its clients were told.
        var old = db.Sessions.Where(s => s.ExpiresAt < threshold && s.EndedAt != null
                                         && !db.LogoutDeliveries.Any(d => d.SessionId == s.Id));
        await db.SessionClients.Where(c => old.Any(s => s.Id == c.SessionId)).ExecuteDeleteAsync(ct);
        var sessions = await old.ExecuteDeleteAsync(ct);
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, ct);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, ct);
        Logger.LogInformation("Pruned {Deliveries} deliveries, {Sessions} sessions, {Tokens} tokens, {Authorizations} authorizations",
            deliveries, sessions, tokens, authorizations);
    }
}
