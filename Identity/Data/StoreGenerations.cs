using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Data;

namespace SsoSuite.Identity.Data;

/// <summary>
/// A counter in the shared store that goes up whenever something an in-memory copy depends on changes: a session
/// ends (<see cref="Sessions"/>), a client is updated or removed (<see cref="Clients"/>), a module URL is saved or
/// removed (<see cref="ModuleUrls"/>).
/// </summary>
public sealed class StoreGeneration
{
    public const string Sessions = "sessions";
    public const string Clients = "clients";
    public const string ModuleUrls = "module-urls";
    public static readonly string[] All = [Sessions, Clients, ModuleUrls];

    public required string Name { get; set; }
    public long Value { get; set; }
}

internal sealed class StoreGenerationConfiguration : IEntityTypeConfiguration<StoreGeneration>
{
    public void Configure(EntityTypeBuilder<StoreGeneration> e)
    {
        e.HasKey(g => g.Name);
        e.Property(g => g.Name).HasMaxLength(32);
        e.HasData(StoreGeneration.All.Select(name => new StoreGeneration { Name = name, Value = 0 }));
    }
}

/// <summary>An in-memory copy with the generation it was read at (<see cref="StoreGenerations"/>).</summary>
public sealed record GenerationCopy<T>(T Value, long Generation)
{
    /// <summary>Whether it may answer a request that read <paramref name="generation"/>: only one that read the same.</summary>
    public bool AnswersAt(long generation) => Generation == generation;
}

/// <summary>
/// Lets the in-memory copies of security decisions (live sessions, clients, module URLs) be used on a store that
/// several instances share, without ever answering from a copy that another instance has made stale (SPEC rule 9,
/// issue 14: a session ended through instance A is refused by instance B on its very next request).
/// <para>
/// Each change bumps its generation in the store, in the transaction of the change or right after its commit and
/// before the change is acknowledged. Each request reads the generations once, before it reads anything else, and
/// an in-memory entry is used only by a request that read the generation the entry was read at. A request that
/// starts after a change was acknowledged therefore reads the new generation, misses every older entry and reads
/// the store. One small query per request replaces the session, authorization and client reads it stands for.
/// Unlike a notification (LISTEN/NOTIFY), nothing depends on when another instance gets round to hearing of it.
/// </para>
/// <para>On SQLite (one process) nothing is read: every change drops its entries here before it returns, and the
/// generation is always 0.</para>
/// </summary>
public sealed class StoreGenerations(IdentityDbContext db, DataStore store)
{
    private Dictionary<string, long>? read;

    /// <summary>The generation of <paramref name="name"/> as this request (this scope) first read it.</summary>
    public async ValueTask<long> ReadAsync(string name, CancellationToken ct)
    {
        if (!store.IsSharedByInstances)
        {
            return 0;
        }
        read ??= await db.StoreGenerations.AsNoTracking().ToDictionaryAsync(g => g.Name, g => g.Value, StringComparer.Ordinal, ct);
        return read.GetValueOrDefault(name);
    }

    /// <summary>
    /// Marks every in-memory copy of <paramref name="name"/> on every instance stale. Call inside the change's
    /// transaction, or after its commit and before it is acknowledged; never before the change is written, or
    /// another instance could read the old state under the new generation.
    /// </summary>
    public async Task BumpAsync(string name, CancellationToken ct)
    {
        if (store.IsSharedByInstances)
        {
            await db.StoreGenerations.Where(g => g.Name == name)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.Value, g => g.Value + 1), ct);
        }
    }
}
