using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Admin;

/// <summary>Admin Settings &gt; Audit: the admin's own tenant's audit trail, newest first, a page at a time.</summary>
public sealed class AuditModel(IdentityDbContext db) : PageModel
{
    public AuditPage<AuditEntry> Trail { get; private set; } = new([], 1, false);
    public Dictionary<Guid, string> Names { get; private set; } = [];

    public async Task OnGetAsync(int p = 1)
    {
        var ct = HttpContext.RequestAborted;
        var tenantId = Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value);
        Trail = await db.AuditEntries.ReadPageAsync(tenantId, p, ct);
        // The names of this page's accounts and admins only, not every account of the tenant.
        var accountIds = Trail.Entries.SelectMany(a => new[] { a.AccountId, a.ActorId }).OfType<Guid>().Distinct().ToList();
        Names = await db.Accounts.AsNoTracking().Where(a => a.TenantId == tenantId && accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.UserName, ct);
    }

    public string NameOf(Guid? id) => id is { } known && Names.TryGetValue(known, out var name) ? name : "";
}
