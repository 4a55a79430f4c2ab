using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;
using SsoSuite.Bms.Tickets;

namespace SsoSuite.Bms.Companies;

public sealed record CompanyRow(string Name, bool IsActive, int OpenTickets);

/// <summary>The tenant's customer companies.</summary>
public sealed class CompaniesModel(BmsDbContext db) : PageModel
{
    public List<CompanyRow> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var tenantId = User.TenantId();
        Rows = await db.Set<Company>().AsNoTracking().Where(c => c.TenantId == tenantId).OrderBy(c => c.Name)
            .Select(c => new CompanyRow(c.Name, c.IsActive,
                db.Set<Ticket>().Count(t => t.CompanyId == c.Id && t.Status != TicketStatus.Closed)))
            .ToListAsync();
    }
}
