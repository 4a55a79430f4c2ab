using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Companies;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.Tickets;

namespace SsoSuite.Bms.Dashboard;

/// <summary>The BMS home page: the tenant's figures at a glance.</summary>
public sealed class DashboardModel(BmsDbContext db) : PageModel
{
    public string Company => User.FindFirst(BmsClaims.TenantName)?.Value ?? "";
    public int OpenTickets { get; private set; }
    public int InProgress { get; private set; }
    public int ActiveCompanies { get; private set; }

    public async Task OnGetAsync()
    {
        var tenantId = User.TenantId();
        OpenTickets = await db.Set<Ticket>().CountAsync(t => t.TenantId == tenantId && t.Status == TicketStatus.Open);
        InProgress = await db.Set<Ticket>().CountAsync(t => t.TenantId == tenantId && t.Status == TicketStatus.InProgress);
        ActiveCompanies = await db.Set<Company>().CountAsync(c => c.TenantId == tenantId && c.IsActive);
    }
}
