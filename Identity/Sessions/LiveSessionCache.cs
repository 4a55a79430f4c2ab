using System.Collections.Concurrent;
using SsoSuite.Identity.Accounts;
using Microsoft.Extensions.Caching.Memory;
using SsoSuite.Shared.Caching;
using SsoSuite.Identity.Data;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// Live sessions this process recently read from the store, with the authorization of each client the session
/// signed into. Every request that carries a session cookie needs both (the cookie only names a session), and
/// a launch from My Modules is exactly such a request: without this, each one paid two queries before OpenIddict
/// did any work.
/// <para>
/// Correctness does not depend on the lifetime: every way a session ends here (<see cref="SessionStore.EndAsync"/>:
/// sign-out, logout from a client, deactivation, MFA reset, a new sign-in in the same browser) removes its entry
/// before it returns, so a captured cookie stops working at once. On a store that several instances share
/// (PostgreSQL) an end through another instance cannot remove anything here, so each entry carries the sessions
/// generation it was read at (<see cref="StoreGenerations"/>) and answers only a request that read that same
/// generation: the end bumps it in its transaction, so the very next request here misses and reads the store
/// (SPEC rule 9). The lifetime bounds how long an account's details (name, tenant) may lag a change that did not
/// end the session.
/// </para>
/// </summary>
public sealed class LiveSessionCache(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>Bounded, so that a burst of sign-ins cannot grow it without limit; past this it stops adding (end marks excepted).</summary>
    private const int Capacity = 20_000;

    private readonly MemoryCache entries = BoundedMemoryCache.Create(clock, Capacity);

    /// <summary>Makes "is there an end mark?" and "remember the session" one step, so an end cannot slip between them.</summary>
    private readonly Lock gate = new();

    /// <summary>A live session read at <paramref name="generation"/>, or (both null) the mark of one that ended.</summary>
    private sealed class Entry(K1Session? session, K1Account? account, long generation)
    {
        public K1Session? Session { get; } = session;
        public K1Account? Account { get; } = account;
        public long Generation { get; } = generation;
        public bool Ended => Session is null;
        public ConcurrentDictionary<string, string> Authorizations { get; } = new(StringComparer.Ordinal);
    }

    /// <param name="generation">The sessions generation the request read before anything else (0 on SQLite).</param>
    public (K1Session Session, K1Account Account)? Find(string sessionId, long generation) =>
        Live(sessionId, generation) is { } entry ? (entry.Session!, entry.Account!) : null;

    /// <summary>A request that read the session just before it ended must not bring it back: the end mark wins.</summary>
    /// <param name="generation">The sessions generation read before the session was read.</param>
    public void Remember(K1Session session, K1Account account, long generation)
    {
        lock (gate)
        {
            if (entries.TryGetValue(session.Id, out Entry? existing) && existing!.Ended)
            {
                return;
            }
            entries.Set(session.Id, new Entry(session, account, generation), BoundedMemoryCache.Entry(Lifetime));
        }
    }

    public string? FindAuthorization(string sessionId, string clientId, long generation) =>
        Live(sessionId, generation) is { } entry && entry.Authorizations.TryGetValue(clientId, out var id) ? id : null;

    /// <summary>Kept only while the session's entry is: the authorization is revoked only when the session ends.</summary>
    public void RememberAuthorization(string sessionId, string clientId, string authorizationId, long generation) =>
        Live(sessionId, generation)?.Authorizations.TryAdd(clientId, authorizationId);

    /// <summary>The session ended: forgotten, and marked so that a read already under way cannot cache it again.</summary>
    public void Forget(string sessionId)
    {
        lock (gate)
        {
            entries.Set(sessionId, new Entry(null, null, 0), BoundedMemoryCache.Mark(Lifetime));
        }
    }

    private Entry? Live(string sessionId, long generation) =>
        entries.TryGetValue(sessionId, out Entry? entry) && !entry!.Ended && entry.Generation == generation ? entry : null;

    public void Dispose() => entries.Dispose();
}
