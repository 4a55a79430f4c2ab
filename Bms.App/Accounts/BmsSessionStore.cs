using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Accounts;

/// <summary>The server-side record of BMS browser sessions: started at sign-in, ended at logout.</summary>
public sealed class BmsSessionStore(BmsDbContext db, IOptions<BmsSessionOptions> options, TimeProvider clock, ILogger<BmsSessionStore> logger)
{
    public async Task<BmsSession> StartAsync(
        BmsUser user, string method, KaseyaOneSessionOrigin? kaseyaOne = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (!SignInMethods.IsKnown(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown sign-in method.");
        }
        var session = new BmsSession
        {
            Id = ServerSideSession.NewId(),
            UserId = user.Id,
            CreatedAt = now,
            KaseyaOneSid = kaseyaOne?.SessionId,
            KaseyaOneSubject = kaseyaOne?.Subject,
            // SPEC rule 14: never outlives the KaseyaOne session it came from, nor its own absolute lifetime.
            ExpiresAt = options.Value.ExpiresAt(now, kaseyaOne),
            SignInMethod = method,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("BMS session {SessionId} started for user {UserId} ({SignInMethod})", session.Id, user.Id, method);
        return session;
    }

    /// <summary>The live session with this id and its user (with tenant), or null when it ended or never existed.</summary>
    public async Task<(BmsSession Session, BmsUser User)?> FindLiveAsync(string? sessionId, CancellationToken ct = default)
    {
        if (!ServerSideSession.IsPlausibleId(sessionId))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var row = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EndedAt == null && s.ExpiresAt > now)
            .Join(db.Users.Include(u => u.Tenant), s => s.UserId, u => u.Id, (s, u) => new { s, u })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (row.s, row.u);
    }

    /// <summary>The session with this id, live or not; null when it never existed or was pruned.</summary>
    public async Task<BmsSession?> FindAsync(string? sessionId, CancellationToken ct = default) =>
        ServerSideSession.IsPlausibleId(sessionId)
            ? await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct)
            : null;

    /// <summary>Ends one session; returns false when it had already ended or never existed.</summary>
    public async Task<bool> EndAsync(string sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var ended = await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
        if (ended > 0)
        {
            logger.LogInformation("BMS session {SessionId} ended", sessionId);
        }
        return ended > 0;
    }

    /// <summary>
    /// Ends every live BMS session started from this KaseyaOne session: a logout at KaseyaOne
    /// (front- or back-channel) names the session by its <c>sid</c> only.
    /// </summary>
    public async Task<int> EndByKaseyaOneSidAsync(string kaseyaOneSid, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(kaseyaOneSid))
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var ended = await db.Sessions.Where(s => s.KaseyaOneSid == kaseyaOneSid && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
        logger.LogInformation("{Count} BMS session(s) ended for KaseyaOne session {KaseyaOneSid}", ended, kaseyaOneSid);
        return ended;
    }

    /// <summary>
    /// Ends every live BMS session started from any session of this KaseyaOne account: a logout token that names only
    /// the subject (Back-Channel Logout 1.0 §2.4) ends the account everywhere.
    /// </summary>
    public async Task<int> EndByKaseyaOneSubjectAsync(string subject, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var ended = await db.Sessions.Where(s => s.KaseyaOneSubject == subject && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
        logger.LogInformation("{Count} BMS session(s) ended for KaseyaOne account {Subject}", ended, subject);
        return ended;
    }

    /// <summary>Ended and expired sessions past the retention: nothing reads them any more.</summary>
    public Task<int> PruneAsync(CancellationToken ct = default)
    {
        var threshold = clock.GetUtcNow() - options.Value.Retention;
        return db.Sessions.Where(s => s.ExpiresAt < threshold).ExecuteDeleteAsync(ct);
    }

    /// <summary>Ends every live session of a user but <paramref name="keptSessionId"/> (the browser that changed a credential).</summary>
    public async Task<int> EndAllButAsync(Guid userId, string? keptSessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keptSessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    /// <summary>
    /// Ends the live sessions signed in through KaseyaOne of one user (<paramref name="userId"/>) or of every user of a
    /// tenant (<paramref name="tenantId"/>), but <paramref name="keptSessionId"/>: KaseyaOne is no longer trusted for them
    /// (Disable Login with KaseyaOne, the integration turned off), so what it opened ends, as a changed password ends
    /// what the old one opened. The browser that made the change stays signed in.
    /// </summary>
    public async Task<int> EndKaseyaOneSessionsAsync(Guid? userId, Guid? tenantId, string? keptSessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var sessions = db.Sessions.Where(s => s.EndedAt == null && s.SignInMethod == SignInMethods.KaseyaOne && s.Id != keptSessionId);
        if (userId is { } user)
        {
            sessions = sessions.Where(s => s.UserId == user);
        }
        if (tenantId is { } tenant)
        {
            sessions = sessions.Where(s => db.Users.Any(u => u.Id == s.UserId && u.TenantId == tenant));
        }
        return await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    /// <summary>Ends every live session of a user (deactivation).</summary>
    public Task<int> EndAllAsync(Guid userId, CancellationToken ct = default) => EndAllButAsync(userId, keptSessionId: null, ct);
}
