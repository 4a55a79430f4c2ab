using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using SsoSuite.Identity.Data;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// Client secrets are checked with one salted SHA-256 instead of OpenIddict's default PBKDF2.
/// A slow hash protects low-entropy secrets chosen by people; client secrets here are machine-made
/// and at least 32 characters (≈190 bits), so no brute force can reach them however fast the hash,
/// and a leaked database still does not reveal them. PBKDF2's deliberate CPU cost on every token request
/// would buy nothing. Hashes in OpenIddict's format (written before) are still accepted.
/// <para>
/// It also keeps client lookups by id in memory for a short while. OpenIddict's own entity cache lives only
/// as long as one request, so every token request would read its client from SQLite again, which was the
/// largest part of a client_credentials request. Clients are declared in appsettings and written only at
/// start (<see cref="ClientRegistration"/>); any change through this manager retires every entry at once. On a
/// store several instances share, another instance may update a client at its start: the update bumps the clients
/// generation after its commit, and an entry answers only a request that read the generation it was read at
/// (<see cref="StoreGenerations"/>), so a changed client is read anew on every instance at once.
/// </para>
/// <para>
/// And it knows every client id there is: an id no client has is refused from memory, so that made-up client ids,
/// however many and however varied, cost the token and authorization endpoints no read each (a found client's entry
/// only helps an id that exists). The ids are read in one query, kept like the entries above (per generation, dropped by
/// any change made here), and are few.
/// </para>
/// </summary>
public sealed class ClientSecretHasher<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store,
    IMemoryCache memory,
    StoreGenerations generations,
    ClientIdChanges changes)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    private const string Prefix = "sha256:";
    private static readonly TimeSpan LookupLifetime = TimeSpan.FromSeconds(30);

    private static string LookupKey(string clientId) => "SsoSuite.Identity.Oidc.Client:" + clientId;

    private const string ClientIdsKey = "SsoSuite.Identity.Oidc.ClientIds";

    /// <summary>
    /// A client found by its id, with the store generation and the count of this app's client changes it was read at: it
    /// answers only a request that read the same generation while no change has been made through this app since. So
    /// a change here retires every entry at once, also one kept under an id the change renamed away, and a read that
    /// overlapped a change is not kept at all.
    /// </summary>
    private sealed record KnownClient(TApplication Value, long Generation, long Changes);

    public override async ValueTask<TApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        // Read before the client: an entry read at another generation may predate a change (StoreGenerations).
        var generation = await generations.ReadAsync(StoreGeneration.Clients, cancellationToken);
        if (memory.TryGetValue(LookupKey(identifier), out KnownClient? known)
            && known!.Generation == generation && known.Changes == changes.Count)
        {
            return known.Value;
        }
        if (!(await ClientIdsAsync(generation, cancellationToken)).Contains(identifier))
        {
            return null;
        }
        var before = changes.Count;
        var application = await base.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null)
        {
            changes.KeepUnlessChanged(before, () =>
                memory.Set(LookupKey(identifier), new KnownClient(application, generation, before), LookupLifetime));
        }
        return application;
    }

    /// <summary>Every client id in the store (compared as OpenIddict compares them: ordinally), as of <paramref name="generation"/>.</summary>
    private async ValueTask<FrozenSet<string>> ClientIdsAsync(long generation, CancellationToken cancellationToken)
    {
        if (memory.TryGetValue(ClientIdsKey, out GenerationCopy<FrozenSet<string>>? ids) && ids!.AnswersAt(generation))
        {
            return ids.Value;
        }
        // A list read while a client was being created is not kept: it could miss that client for as long as it is kept
        // (on SQLite the generation never moves).
        var before = changes.Count;
        var read = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var application in ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await GetClientIdAsync(application, cancellationToken) is { } clientId)
            {
                read.Add(clientId);
            }
        }
        var frozen = read.ToFrozenSet(StringComparer.Ordinal);
        changes.KeepUnlessChanged(before, () =>
            memory.Set(ClientIdsKey, new GenerationCopy<FrozenSet<string>>(frozen, generation), LookupLifetime));
        return frozen;
    }

    /// <summary>Every creation comes here: with a descriptor, with a secret, or without one (which passes no secret on).</summary>
    public override ValueTask CreateAsync(TApplication application, string? secret, CancellationToken cancellationToken = default) =>
        ChangeAsync(() => base.CreateAsync(application, secret, cancellationToken), cancellationToken);

    public override ValueTask UpdateAsync(TApplication application, CancellationToken cancellationToken = default) =>
        ChangeAsync(() => base.UpdateAsync(application, cancellationToken), cancellationToken);

    public override ValueTask DeleteAsync(TApplication application, CancellationToken cancellationToken = default) =>
        ChangeAsync(() => base.DeleteAsync(application, cancellationToken), cancellationToken);

    /// <summary>
    /// A change to the clients. Before and after it: a list or client read across any part of it is not kept
    /// (<see cref="ClientIdChanges"/>), an entry kept before it no longer answers, and the list is dropped, so the next
    /// list read after the change is one that started after its commit. Then the clients generation moves, for the other
    /// instances of a shared store (<see cref="StoreGenerations"/>).
    /// </summary>
    private async ValueTask ChangeAsync(Func<ValueTask> change, CancellationToken cancellationToken)
    {
        changes.Change(DropClientIds);
        await change();
        changes.Change(DropClientIds);
        await generations.BumpAsync(StoreGeneration.Clients, cancellationToken);
    }

    private void DropClientIds() => memory.Remove(ClientIdsKey);

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new(Prefix + Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(Hash(salt, secret)));
    }

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (!comparand.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        }
        var parts = comparand[Prefix.Length..].Split(':');
        if (parts.Length != 2)
        {
            return new(false);
        }
        var expected = Convert.FromBase64String(parts[1]);
        return new(CryptographicOperations.FixedTimeEquals(expected, Hash(Convert.FromBase64String(parts[0]), secret)));
    }

    private static byte[] Hash(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
