using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Oidc;

namespace SsoSuite.Identity.Sessions;

/// <summary>One session as My sessions and Admin Settings &gt; Users show it.</summary>
public sealed record SessionView(
    string Id, string Browser, string OperatingSystem, string IpAddress, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt,
    DateTimeOffset? EndedAt, string? EndCause, IReadOnlyList<string> Apps, IReadOnlyList<DeliveryView> Deliveries)
{
    public bool IsLive => EndedAt is null;
}

/// <summary>What one app was told of a session's end, and how it answered.</summary>
public sealed record DeliveryView(string App, LogoutDeliveryState State, int Attempts, string? LastAnswer, DateTimeOffset? LastAttemptAt);

/// <summary>Reads an account's sessions with the apps they signed into and, once ended, each app's logout delivery.</summary>
public sealed class SessionList(IdentityDbContext db, IOptions<OidcOptions> oidc, IOptions<SessionOptions> options, TimeProvider clock)
{
    /// <summary>Live sessions, and with <paramref name="withEnded"/> those ended within the retention, newest first.</summary>
    public async Task<IReadOnlyList<SessionView>> ForAccountAsync(Guid accountId, bool withEnded, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var keptSince = now - options.Value.Retention;
        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Clients)
            .Where(s => s.AccountId == accountId && (s.EndedAt == null ? s.ExpiresAt > now : withEnded && s.ExpiresAt > keptSince))
            .ToListAsync(ct);
        var ids = sessions.Where(s => !s.IsLive).Select(s => s.Id).ToList();
        var deliveries = ids.Count == 0 ? [] : await db.LogoutDeliveries.AsNoTracking()
            .Where(d => d.SessionId != null && ids.Contains(d.SessionId)).ToListAsync(ct);
        return sessions
            .OrderBy(s => s.IsLive ? 0 : 1).ThenByDescending(s => s.EndedAt ?? s.LastSeenAt)
            .Select(s => new SessionView(s.Id, s.Browser, s.OperatingSystem, s.IpAddress, s.AuthenticatedAt, s.LastSeenAt, s.EndedAt,
                s.EndCause is { } cause && Enum.TryParse<SessionEndCause>(cause, out var known) ? known.Describe() : s.EndCause,
                s.Clients.OrderBy(c => c.SignedInAt).Select(c => AppName(c.ClientId)).ToList(),
                deliveries.Where(d => d.SessionId == s.Id)
                    .Select(d => new DeliveryView(AppName(d.ClientId), d.State, d.Attempts, d.LastAnswer, d.LastAttemptAt)).ToList()))
            .ToList();
    }

    public string AppName(string clientId) =>
        oidc.Value.Clients.FirstOrDefault(c => c.ClientId == clientId)?.DisplayName ?? clientId;
}
