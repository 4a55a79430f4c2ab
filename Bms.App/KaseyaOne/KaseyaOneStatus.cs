using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>What the integration screens show for a tenant: on exactly while BMS holds its <see cref="TenantLink"/>.</summary>
public sealed record TenantIntegration(bool Enabled, string? K1TenantName, DateTimeOffset? LinkedAt);

public sealed record UserIntegration(bool TenantEnabled, bool MayUse, bool Linked);

public sealed class KaseyaOneStatus(BmsDbContext db)
{
    public async Task<TenantIntegration> ForTenantAsync(Guid tenantId, CancellationToken ct)
    {
        var link = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == tenantId, ct);
        return new TenantIntegration(link is not null, link?.K1TenantName, link?.LinkedAt);
    }

    public async Task<UserIntegration> ForUserAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var userId = principal.UserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return new UserIntegration(false, false, false);
        }
        var tenantLink = await db.Set<TenantLink>().AsNoTracking().SingleOrDefaultAsync(l => l.BmsTenantId == user.TenantId, ct);
        var linked = await db.Set<UserLink>().AnyAsync(l => l.BmsUserId == userId, ct);
        return new UserIntegration(tenantLink is not null, KaseyaOneRules.WhoMayUse(user, tenantLink) is null, linked);
    }
}
