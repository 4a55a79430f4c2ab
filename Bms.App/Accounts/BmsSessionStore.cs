using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Accounts;

/// <summary>The server-side record of BMS browser sessions: started at sign-in, ended at logout.</summary>
public sealed class BmsSessionStore(BmsDbContext db, TimeProvider clock, ILogger<BmsSessionStore> logger)
{
    public async Task<BmsSession> StartAsync(
        BmsUser user, string method, string? kaseyaOneSid = null, CancellationToken ct = default)
    {
        if (!SignInMethods.IsKnown(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown sign-in method.");
        }
        var session = new BmsSession
        {
            Id = ServerSideSession.NewId(),
            UserId = user.Id,
            CreatedAt = clock.GetUtcNow(),
            KaseyaOneSid = kaseyaOneSid,
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
        var row = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EndedAt == null)
            .Join(db.Users.Include(u => u.Tenant), s => s.UserId, u => u.Id, (s, u) => new { s, u })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (row.s, row.u);
    }

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

    /// <summary>Ends every live session of a user (deactivation).</summary>
    public async Task<int> EndAllAsync(Guid userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }
}
