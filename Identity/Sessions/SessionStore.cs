using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Oidc;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// The server-side record of KaseyaOne browser sessions. A session is started only after the password
/// and the code (SPEC rule 1); the cookie merely points at it, so ending it here ends it everywhere.
/// </summary>
public sealed class SessionStore(
    IdentityDbContext db,
    LiveSessionCache cache,
    StoreGenerations generations,
    IOptions<SessionOptions> options,
    IOptions<OidcOptions> oidc,
    TimeProvider clock,
    ILogger<SessionStore> logger)
{
    /// <summary>Starts a session for the account in the browser of <paramref name="http"/> (its issuer, browser, system and address).</summary>
    public async Task<K1Session> StartAsync(K1Account account, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var browser = BrowserDescription.Of(http.Request.Headers);
        var session = new K1Session
        {
            Id = ServerSideSession.NewId(),
            AccountId = account.Id,
            AuthenticatedAt = now,
            ExpiresAt = now + options.Value.AbsoluteLifetime,
            LastSeenAt = now,
            Issuer = oidc.Value.IssuerFor(http.Request),
            Browser = browser.Browser,
            OperatingSystem = browser.OperatingSystem,
            IpAddress = http.Connection.RemoteIpAddress?.ToString() ?? "",
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("KaseyaOne session {SessionId} started for account {AccountId}", session.Id, account.Id);
        return session;
    }

    public Task<K1Session?> FindAsync(string sessionId, CancellationToken ct) =>
        db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);

    /// <summary>The live session with this id and its account, or null when it ended or never existed.</summary>
    public async Task<(K1Session Session, K1Account Account)?> FindLiveAsync(string? sessionId, CancellationToken ct)
    {
        if (!ServerSideSession.IsPlausibleId(sessionId))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        // Read before the session: an entry read at an older generation than this is stale (StoreGenerations).
        var generation = await generations.ReadAsync(StoreGeneration.Sessions, ct);
        if (cache.Find(sessionId, generation) is { } cached)
        {
            // Past its absolute lifetime a session is refused at once; the housekeeping ends it and tells its clients.
            return cached.Session.ExpiresAt > now ? cached : null;
        }
        var row = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EndedAt == null)
            .Join(db.Accounts.Include(a => a.Tenant), s => s.AccountId, a => a.Id, (s, a) => new { s, a })
            .SingleOrDefaultAsync(ct);
        if (row is null || row.s.ExpiresAt <= now)
        {
            return null;
        }
        cache.Remember(row.s, row.a, generation);
        return (row.s, row.a);
    }

    /// <summary>
    /// Records that the session signed into a client and returns the authorization the client's tokens
    /// hang on: one per (session, client), so ending the session revokes exactly its tokens.
    /// </summary>
    public async Task<string> AttachClientAsync(
        string sessionId, string clientId, Func<Task<string>> createAuthorization, CancellationToken ct)
    {
        var generation = await generations.ReadAsync(StoreGeneration.Sessions, ct);
        if (cache.FindAuthorization(sessionId, clientId, generation) is { } known)
        {
            return known;
        }
        var existing = await db.SessionClients.AsNoTracking()
            .Where(c => c.SessionId == sessionId && c.ClientId == clientId)
            .Select(c => c.AuthorizationId)
            .SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            cache.RememberAuthorization(sessionId, clientId, existing, generation);
            return existing;
        }
        var authorizationId = await createAuthorization();
        db.SessionClients.Add(new SessionClient
        {
            SessionId = sessionId,
            ClientId = clientId,
            AuthorizationId = authorizationId,
            SignedInAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            cache.RememberAuthorization(sessionId, clientId, authorizationId, generation);
            return authorizationId;
        }
        catch (DbUpdateException)
        {
            // Two authorize requests of one session raced; the first row wins and is used by both.
            db.ChangeTracker.Clear();
            return await db.SessionClients.AsNoTracking()
                .Where(c => c.SessionId == sessionId && c.ClientId == clientId)
                .Select(c => c.AuthorizationId)
                .SingleAsync(ct);
        }
    }

    /// <summary>
    /// Records activity for My sessions' "last activity", at most once a <see cref="SessionOptions.ActivityWriteInterval"/>
    /// per session: a write on every request would queue every page behind SQLite's one writer.
    /// </summary>
    public async Task TouchAsync(K1Session session, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt < options.Value.ActivityWriteInterval)
        {
            return;
        }
        session.LastSeenAt = now;
        await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
    }
}
