using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Shared.Audit;

namespace SsoSuite.Bms.Admin;

/// <summary>Admin &gt; Audit: the admin's own tenant's audit trail, newest first, a page at a time (<c>?p=</c>).</summary>
public sealed class AuditModel(BmsDbContext db) : PageModel
{
    public AuditPage<AuditEntry> Trail { get; private set; } = new([], 1, false);
    public Dictionary<Guid, string> Names { get; private set; } = [];

    public async Task OnGetAsync(int p = 1)
    {
        var ct = HttpContext.RequestAborted;
        var tenantId = User.TenantId();
        Trail = await db.Set<AuditEntry>().ReadPageAsync(tenantId, p, ct);
        // The names of this page's users only, not every user of the tenant.
        var userIds = Trail.Entries.Select(a => a.UserId).OfType<Guid>().Distinct().ToList();
        Names = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId && userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
    }

    public string NameOf(Guid? id) => id is { } known && Names.TryGetValue(known, out var name) ? name : "";
}
