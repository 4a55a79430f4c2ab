using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Launcher;

/// <summary>A tenant of a module (a BMS tenant) that a user may enter from KaseyaOne.</summary>
public sealed record LaunchTarget(string ModuleKey, string ClientId, string TenantId, string Name, string BaseUrl);

/// <summary>
/// SPEC rule 10: the BMS tenants a user may enter — the one their K1 tenant is connected to, and those
/// where their own account is linked to a BMS user — as registered by each BMS deployment.
/// </summary>
public sealed class BmsTenants(IdentityDbContext db, ModuleCatalog catalog)
{
    public async Task<IReadOnlyList<LaunchTarget>> ForUserAsync(ClaimsPrincipal user, CancellationToken ct) =>
        Guid.TryParse(user.FindFirst(KaseyaOneClaims.TenantId)?.Value, out var tenantId)
        && Guid.TryParse(user.FindFirst(KaseyaOneClaims.Subject)?.Value, out var accountId)
            ? await ForAccountAsync(tenantId, accountId, ct)
            : [];

    public async Task<IReadOnlyList<LaunchTarget>> ForAccountAsync(Guid tenantId, Guid accountId, CancellationToken ct)
    {
        var byTenant = await db.TenantLinks.AsNoTracking().Where(l => l.K1TenantId == tenantId)
            .Select(l => new { l.ClientId, l.BmsTenantId, l.BmsTenantName, l.BaseUrl }).ToListAsync(ct);
        var byUser = await db.UserLinks.AsNoTracking().Where(l => l.AccountId == accountId)
            .Select(l => new { l.ClientId, l.BmsTenantId, l.BmsTenantName, l.BaseUrl }).ToListAsync(ct);
        return byTenant.Concat(byUser)
            .DistinctBy(l => (l.ClientId, l.BmsTenantId))
            .Select(l => catalog.ForClient(l.ClientId) is { } module
                ? new LaunchTarget(module.Key, l.ClientId, l.BmsTenantId, l.BmsTenantName, l.BaseUrl)
                : null)
            .OfType<LaunchTarget>()
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
