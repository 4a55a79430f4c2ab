using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Admin;

/// <summary>Admin &gt; Audit: the tenant's last 200 audit lines, newest first.</summary>
public sealed class AuditModel(BmsDbContext db) : PageModel
{
    public List<AuditEntry> Entries { get; private set; } = [];
    public Dictionary<Guid, string> Names { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var tenantId = User.TenantId();
        Entries = (await db.Set<AuditEntry>().AsNoTracking().Where(a => a.TenantId == tenantId).ToListAsync())
            .OrderByDescending(a => a.At).Take(200).ToList();
        Names = await db.Users.Where(u => u.TenantId == tenantId).ToDictionaryAsync(u => u.Id, u => u.UserName);
    }
}
