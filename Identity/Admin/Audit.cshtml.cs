using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Admin;

/// <summary>Admin Settings &gt; Audit: the admin's own tenant's audit trail, newest first, a page at a time.</summary>
public sealed class AuditModel(IdentityDbContext db) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public Dictionary<Guid, string> Names { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public bool HasNext { get; private set; }

    public async Task OnGetAsync(int p = 1)
    {
        var tenantId = Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value);
        // Out-of-range page numbers are clamped, never an error.
        PageNumber = Math.Clamp(p, 1, 100_000);
        var page = await db.AuditEntries.AsNoTracking().Where(a => a.TenantId == tenantId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync();
        HasNext = page.Count > PageSize;
        Entries = page.Take(PageSize).ToList();
        Names = await db.Accounts.AsNoTracking().Where(a => a.TenantId == tenantId).ToDictionaryAsync(a => a.Id, a => a.UserName);
    }

    public string NameOf(Guid? id) => id is { } known && Names.TryGetValue(known, out var name) ? name : "";
}
