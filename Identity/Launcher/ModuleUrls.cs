using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Data;
using Microsoft.Extensions.Caching.Memory;
using SsoSuite.Shared.Caching;

namespace SsoSuite.Identity.Launcher;

/// <summary>Reads and writes module URLs, and resolves the ones in effect: the user's, else the tenant's, else the defaults.</summary>
public sealed class ModuleUrls(IdentityDbContext db, ModuleCatalog catalog, ModuleUrlCache cache, StoreGenerations generations)
{
    public async Task<EffectiveModuleUrl?> EffectiveAsync(Guid tenantId, Guid accountId, string moduleKey, CancellationToken ct)
    {
        if (catalog.Find(moduleKey) is not { } module)
        {
            return null;
        }
        // Read before the URLs: an entry read at another generation may predate a change (StoreGenerations).
        var generation = await generations.ReadAsync(StoreGeneration.ModuleUrls, ct);
        if (cache.TryFind(tenantId, accountId, moduleKey, generation, out var known))
        {
            return known;
        }
        var effective = await ReadEffectiveAsync(module, tenantId, accountId, moduleKey, ct);
        cache.Remember(tenantId, accountId, moduleKey, effective, generation);
        return effective;
    }

    private async Task<EffectiveModuleUrl?> ReadEffectiveAsync(ModuleOptions module, Guid tenantId, Guid accountId, string moduleKey, CancellationToken ct)
    {
        var rows = await db.ModuleUrls.AsNoTracking()
            .Where(m => m.K1TenantId == tenantId && m.ModuleKey == moduleKey && (m.AccountId == accountId || m.AccountId == Guid.Empty))
            .ToListAsync(ct);
        var chosen = rows.FirstOrDefault(r => r.AccountId == accountId && accountId != Guid.Empty)
                     ?? rows.FirstOrDefault(r => r.AccountId == Guid.Empty);
        if (chosen is not null)
        {
            // A named region means that region's URL as configured now; only a Custom region keeps the URL typed in.
            var baseUrl = chosen.Region == ModuleRegion.Custom ? chosen.BaseUrl : module.RegionUrl(chosen.Region) ?? chosen.BaseUrl;
            // A row saved before URLs were stored in their ASCII form may hold an internationalised host, which no
            // redirect can carry: it is used in its ASCII form.
            return new EffectiveModuleUrl(moduleKey, chosen.Region, ModuleUrlRules.InAscii(baseUrl), ModuleUrlRules.InAscii(chosen.LandingPageUrl),
                chosen.AccountId == Guid.Empty ? "company" : "personal");
        }
        return module.Url is null ? null : new EffectiveModuleUrl(moduleKey, ModuleRegion.US, module.Url, null, "default");
    }

    /// <summary>The effective landing page of the module a client is, if one is set.</summary>
    public async Task<string?> LandingPageForClientAsync(Guid tenantId, Guid accountId, string clientId, CancellationToken ct) =>
        catalog.ForClient(clientId) is { } module
            ? (await EffectiveAsync(tenantId, accountId, module.Key, ct))?.LandingPageUrl
            : null;

    public Task<ModuleUrl?> FindAsync(Guid tenantId, Guid accountId, string moduleKey, CancellationToken ct) =>
        db.ModuleUrls.SingleOrDefaultAsync(m => m.K1TenantId == tenantId && m.AccountId == accountId && m.ModuleKey == moduleKey, ct);

    public async Task SaveAsync(Guid tenantId, Guid accountId, string moduleKey, ModuleRegion region, string baseUrl, string? landing, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await FindAsync(tenantId, accountId, moduleKey, ct);
            if (row is null)
            {
                row = new ModuleUrl { K1TenantId = tenantId, AccountId = accountId, ModuleKey = moduleKey, BaseUrl = baseUrl };
                db.ModuleUrls.Add(row);
            }
            row.Region = region;
            row.BaseUrl = baseUrl;
            row.LandingPageUrl = string.IsNullOrWhiteSpace(landing) ? null : landing.Trim();
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Two first saves of the same settings raced and the unique index (tenant, account, module) let the
                // other one insert: this save is written over it, as it would have been a moment later.
                db.ChangeTracker.Clear();
            }
        }
        cache.Clear();
        await generations.BumpAsync(StoreGeneration.ModuleUrls, ct);
    }

    public async Task RemoveAsync(Guid tenantId, Guid accountId, string moduleKey, CancellationToken ct)
    {
        await db.ModuleUrls.Where(m => m.K1TenantId == tenantId && m.AccountId == accountId && m.ModuleKey == moduleKey).ExecuteDeleteAsync(ct);
        cache.Clear();
        await generations.BumpAsync(StoreGeneration.ModuleUrls, ct);
    }
}

/// <summary>
/// The module URLs in effect, kept in memory for <see cref="Lifetime"/>: every authorize request of a module's client
/// needs its landing page, and almost nobody changes one. A save or removal here empties the whole cache at once;
/// on a store several instances share (PostgreSQL) it also bumps the module URLs generation, and an entry answers
/// only a request that read the generation it was read at (<see cref="StoreGenerations"/>), so a change made through
/// one instance applies at once on all. Bounded: past its capacity it stops adding until the next change or expiry.
/// </summary>
public sealed class ModuleUrlCache(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int Capacity = 50_000;
    private readonly MemoryCache entries = BoundedMemoryCache.Create(clock, Capacity);

    public bool TryFind(Guid tenantId, Guid accountId, string moduleKey, long generation, out EffectiveModuleUrl? value)
    {
        var found = entries.TryGetValue((tenantId, accountId, moduleKey), out GenerationCopy<EffectiveModuleUrl?>? known) && known!.AnswersAt(generation);
        value = found ? known!.Value : null;
        return found;
    }

    public void Remember(Guid tenantId, Guid accountId, string moduleKey, EffectiveModuleUrl? value, long generation) =>
        entries.Set((tenantId, accountId, moduleKey), new GenerationCopy<EffectiveModuleUrl?>(value, generation), BoundedMemoryCache.Entry(Lifetime));

    public void Clear() => entries.Clear();

    public void Dispose() => entries.Dispose();
}
