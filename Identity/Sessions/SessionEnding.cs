using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Oidc;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Sessions;

/// <summary>What the clients of ended sessions were told: frames for the browser, and each back-channel delivery as it stands.</summary>
public sealed record SessionsEnded(IReadOnlyList<string> EndedSessionIds, IReadOnlyList<string> FrontChannelFrames,
    IReadOnlyList<LogoutDelivery> Deliveries);

/// <summary>
/// The one way a KaseyaOne session ends, whatever the cause (SPEC rule 9): in one transaction the session is marked
/// ended with its cause, the authorizations and tokens of its clients are revoked, an audit line is written and a
/// back-channel logout for every client with a back-channel endpoint goes into the outbox; then the deliveries are
/// attempted at once (the outbox retries the rest). Front-channel frames (OpenID Connect Front-Channel Logout 1.0 §3)
/// are returned for the caller to render where a browser is present.
/// </summary>
public sealed class SessionEnding(
    IdentityDbContext db,
    StoreTransactions transactions,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    LiveSessionCache cache,
    StoreGenerations generations,
    LogoutDeliverySender sender,
    KaseyaOneAudit audit,
    IOptions<OidcOptions> oidc,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    ILogger<SessionEnding> logger)
{
    public Task<SessionsEnded> EndAsync(IEnumerable<string?> sessionIds, SessionEndCause cause, Guid? actorId = null, CancellationToken ct = default)
    {
        var ids = sessionIds.OfType<string>().Where(id => id.Length is > 0 and <= 64).Distinct(StringComparer.Ordinal).ToList();
        return EndWhereAsync(db.Sessions.Where(s => ids.Contains(s.Id)), accountId: null, cause, actorId, ct);
    }

    /// <summary>Ends every live session of the account (sign out everywhere, deactivation, MFA or password reset, an admin's "end all").</summary>
    public Task<SessionsEnded> EndAllAsync(Guid accountId, SessionEndCause cause, Guid? actorId = null, CancellationToken ct = default) =>
        EndWhereAsync(db.Sessions.Where(s => s.AccountId == accountId), accountId, cause, actorId, ct);

    /// <summary>
    /// Ends every live session of the account but <paramref name="keptSessionId"/>: after the user changed their
    /// password, a browser that knew the old one (perhaps someone else's) is signed out, the one that changed it is not.
    /// </summary>
    public Task<SessionsEnded> EndAllButAsync(Guid accountId, string? keptSessionId, SessionEndCause cause, CancellationToken ct = default) =>
        EndWhereAsync(db.Sessions.Where(s => s.AccountId == accountId && s.Id != keptSessionId), accountId, cause, accountId, ct);

    private async Task<SessionsEnded> EndWhereAsync(IQueryable<K1Session> which, Guid? accountId, SessionEndCause cause, Guid? actorId,
        CancellationToken ct)
    {
        var clients = oidc.Value.Clients.ToDictionary(c => c.ClientId, StringComparer.Ordinal);
        var sessions = new List<K1Session>();
        var deliveries = new List<LogoutDelivery>();
        var frames = new List<string>();

        await transactions.InTransactionAsync(db, async () =>
        {
            var now = clock.GetUtcNow();
            var causeName = cause.ToString();
            // Each session is claimed by a conditional update: two ends of one session (a sign-out racing the lifetime
            // sweep, or two instances) cannot both find it live, so its clients are told once. On PostgreSQL the
            // second update waits for the first one's commit and then matches nothing.
            var claimed = new List<string>();
            foreach (var id in await which.Where(s => s.EndedAt == null).Select(s => s.Id).ToListAsync(ct))
            {
                if (await db.Sessions.Where(s => s.Id == id && s.EndedAt == null)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndCause, causeName), ct) == 1)
                {
                    claimed.Add(id);
                }
            }
            // The claimed sessions with their clients, in one read.
            sessions.AddRange(await db.Sessions.AsNoTracking().Include(s => s.Clients).Where(s => claimed.Contains(s.Id)).ToListAsync(ct));
            var account = accountId ?? sessions.FirstOrDefault()?.AccountId;
            if (account is null)
            {
                return;
            }
            var tenantId = await db.Accounts.Where(x => x.Id == account).Select(x => x.TenantId).SingleOrDefaultAsync(ct);

            LogoutDelivery Delivery(ClientOptions client, K1Session? session, string issuer) => new()
            {
                SessionId = session?.Id,
                AccountId = account.Value,
                TenantId = tenantId,
                ClientId = client.ClientId,
                Endpoint = client.BackChannelLogoutUri!.AbsoluteUri,
                Issuer = issuer,
                Cause = causeName,
                CreatedAt = now,
                NextAttemptAt = now,
            };

            foreach (var session in sessions)
            {
                foreach (var client in session.Clients)
                {
                    if (!clients.TryGetValue(client.ClientId, out var registered))
                    {
                        continue;
                    }
                    if (registered.FrontChannelLogoutUri is { } front)
                    {
                        frames.Add(QueryHelpers.AddQueryString(front.AbsoluteUri,
                            new Dictionary<string, string?> { ["iss"] = session.Issuer, ["sid"] = session.Id }));
                    }
                    if (registered.BackChannelLogoutUri is not null)
                    {
                        // Back-Channel Logout 1.0 §2.4: with sid (we advertise backchannel_logout_session_supported) and sub.
                        deliveries.Add(Delivery(registered, session, session.Issuer));
                    }
                }
                audit.Add(tenantId, session.AccountId, AuditActions.SessionEnd, AuditOutcomes.Ended,
                    $"{cause.Describe()}; {session.Clients.Count} app(s) to tell", actorId);
            }
            if (cause.EndsTheAccountEverywhere()
                && (sessions.Select(s => s.Issuer).FirstOrDefault(i => i.Length > 0) ?? oidc.Value.Issuer?.AbsoluteUri
                    ?? await LastKnownIssuerAsync(account.Value, ct)) is { } issuer)
            {
                deliveries.AddRange(clients.Values.Where(c => c.BackChannelLogoutUri is not null).Select(c => Delivery(c, null, issuer)));
            }
            db.LogoutDeliveries.AddRange(deliveries);
            await db.SaveChangesAsync(ct);

            // The session's tokens die with it: its authorizations (which refresh tokens and codes are checked against)
            // and every token issued under them.
            foreach (var authorizationId in sessions.SelectMany(s => s.Clients).Select(c => c.AuthorizationId))
            {
                if (await authorizations.FindByIdAsync(authorizationId, ct) is { } authorization)
                {
                    await authorizations.TryRevokeAsync(authorization, ct);
                }
                await tokens.RevokeByAuthorizationIdAsync(authorizationId, ct);
            }
            // Last in the end's transaction (its row lock is held only until the commit): from the commit on, every
            // other instance's in-memory copy of a live session is stale (StoreGenerations).
            await generations.BumpAsync(StoreGeneration.Sessions, ct);
        }, ct);

        // After the commit: a request that reads the store from now on sees the sessions ended.
        foreach (var session in sessions)
        {
            cache.Forget(session.Id);
        }
        if (sessions.Count > 0 || deliveries.Count > 0)
        {
            logger.LogInformation("{Count} KaseyaOne session(s) ended ({Cause}); {Deliveries} back-channel logout(s) to deliver",
                sessions.Count, cause, deliveries.Count);
        }
        var attempted = await sender.DeliverNowAsync(deliveries.Select(d => d.Id).ToList(), options.Value.Delivery.InlineWait);
        return new SessionsEnded(sessions.Select(s => s.Id).ToList(), frames, attempted);
    }

    /// <summary>The issuer an earlier session of the account was signed in under, for an account-wide end with no live session.</summary>
    private Task<string?> LastKnownIssuerAsync(Guid accountId, CancellationToken ct) =>
        db.Sessions.Where(s => s.AccountId == accountId && s.Issuer != "").OrderByDescending(s => s.ExpiresAt)
            .Select(s => s.Issuer).FirstOrDefaultAsync(ct);
}
