using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Tickets;

/// <summary>One ticket; another tenant's ticket does not exist for this user.</summary>
public sealed class TicketModel(BmsDbContext db) : PageModel
{
    public Ticket Ticket { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int number)
    {
        var tenantId = User.TenantId();
        var ticket = await db.Set<Ticket>().AsNoTracking().Include(t => t.Company)
            .SingleOrDefaultAsync(t => t.TenantId == tenantId && t.Number == number);
        if (ticket is null)
        {
            return NotFound();
        }
        Ticket = ticket;
        return Page();
    }
}
