using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>What the integration screens show for a tenant or a user.</summary>
public sealed record TenantIntegration(bool Enabled, string? K1TenantName, DateTimeOffset? LinkedAt);

public sealed record UserIntegration(bool TenantEnabled, bool MayUse, bool Linked);

public sealed class KaseyaOneStatus(BmsDbContext db)
{
    public async Task<TenantIntegration> ForTenantAsync(Guid tenantId, CancellationToken ct)
    {
        var enabled = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.KaseyaOneEnabled).SingleOrDefaultAsync(ct);
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == tenantId, ct);
        return new TenantIntegration(enabled, link?.K1TenantName, link?.LinkedAt);
    }

    public async Task<UserIntegration> ForUserAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var userId = principal.UserId();
        var user = await db.Users.AsNoTracking().Include(u => u.Tenant).SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return new UserIntegration(false, false, false);
        }
        var linked = await db.Set<UserLink>().AnyAsync(l => l.BmsUserId == userId, ct);
        return new UserIntegration(user.Tenant.KaseyaOneEnabled, KaseyaOneRules.WhoMayUse(user, user.Tenant) is null, linked);
    }
}
