using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// The server-side record of KaseyaOne browser sessions. A session is started only after the password
/// and the code (SPEC rule 1); the cookie merely points at it, so ending it here ends it everywhere.
/// </summary>
public sealed class SessionStore(
    IdentityDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    LiveSessionCache cache,
    TimeProvider clock,
    ILogger<SessionStore> logger)
{
    public async Task<K1Session> StartAsync(K1Account account, CancellationToken ct)
    {
        var session = new K1Session
        {
            Id = ServerSideSession.NewId(),
            AccountId = account.Id,
            AuthenticatedAt = clock.GetUtcNow(),
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
        if (cache.Find(sessionId) is { } cached)
        {
            return cached;
        }
        var row = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EndedAt == null)
            .Join(db.Accounts.Include(a => a.Tenant), s => s.AccountId, a => a.Id, (s, a) => new { s, a })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        cache.Remember(row.s, row.a);
        return (row.s, row.a);
    }

    /// <summary>
    /// Records that the session signed into a client and returns the authorization the client's tokens
    /// hang on: one per (session, client), so ending the session revokes exactly its tokens.
    /// </summary>
    public async Task<string> AttachClientAsync(
        string sessionId, string clientId, Func<Task<string>> createAuthorization, CancellationToken ct)
    {
        if (cache.FindAuthorization(sessionId, clientId) is { } known)
        {
            return known;
        }
        var existing = await db.SessionClients.AsNoTracking()
            .Where(c => c.SessionId == sessionId && c.ClientId == clientId)
            .Select(c => c.AuthorizationId)
            .SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            cache.RememberAuthorization(sessionId, clientId, existing);
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
            cache.RememberAuthorization(sessionId, clientId, authorizationId);
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

    /// <summary>Ends a session: marks it ended and revokes the authorizations (hence the tokens) of its clients.</summary>
    public async Task<IReadOnlyList<SessionClient>> EndAsync(string sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.Include(s => s.Clients).SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !session.IsLive)
        {
            cache.Forget(sessionId);
            return [];
        }
        session.EndedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        // After the commit: a request that reads the store from now on sees the session ended.
        cache.Forget(sessionId);
        foreach (var client in session.Clients)
        {
            if (await authorizations.FindByIdAsync(client.AuthorizationId, ct) is { } authorization)
            {
                await authorizations.TryRevokeAsync(authorization, ct);
            }
        }
        logger.LogInformation("KaseyaOne session {SessionId} ended ({ClientCount} clients)", session.Id, session.Clients.Count);
        return session.Clients;
    }

    /// <summary>Ends every live session of an account (deactivation, MFA reset).</summary>
    public async Task EndAllAsync(Guid accountId, CancellationToken ct)
    {
        var live = await db.Sessions.Where(s => s.AccountId == accountId && s.EndedAt == null)
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var id in live)
        {
            await EndAsync(id, ct);
        }
    }
}
