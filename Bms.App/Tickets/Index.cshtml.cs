using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Tickets;

/// <summary>The tenant's tickets, newest first, as many as the user's My Settings allow.</summary>
public sealed class TicketsModel(BmsDbContext db) : PageModel
{
    public List<Ticket> Tickets { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var tenantId = User.TenantId();
        var userId = User.UserId();
        var perPage = await db.Users.Where(u => u.Id == userId).Select(u => u.TicketsPerPage).SingleOrDefaultAsync();
        Tickets = await db.Set<Ticket>().AsNoTracking().Include(t => t.Company).Where(t => t.TenantId == tenantId)
            .OrderByDescending(t => t.Number).Take(Math.Clamp(perPage, 5, 200)).ToListAsync();
    }
}
