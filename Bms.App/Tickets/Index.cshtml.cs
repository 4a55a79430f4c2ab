using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Tickets;

/// <summary>
/// The tenant's tickets, newest first, as many a page as the user's My Settings allow, a page at a time (<c>?p=</c>),
/// with Newer and Older to move between pages: every ticket can be reached, however many there are.
/// </summary>
public sealed class TicketsModel(BmsDbContext db) : PageModel
{
    /// <summary>Pages beyond this are shown as the last one asked for would be: empty, with Newer.</summary>
    private const int MaxPage = 100_000;

    public List<Ticket> Tickets { get; private set; } = [];
    public int Number { get; private set; } = 1;
    public bool HasNext { get; private set; }

    public async Task OnGetAsync(int p = 1)
    {
        var tenantId = User.TenantId();
        var userId = User.UserId();
        var perPage = Math.Clamp(await db.Users.Where(u => u.Id == userId).Select(u => u.TicketsPerPage).SingleOrDefaultAsync(), 5, 200);
        // A page number that is not a positive number (or absurdly large) is read as the nearest one there can be.
        Number = Math.Clamp(p, 1, MaxPage);
        // One more than a page, to know whether an older page follows without counting every ticket.
        var page = await db.Set<Ticket>().AsNoTracking().Include(t => t.Company).Where(t => t.TenantId == tenantId)
            .OrderByDescending(t => t.Number).Skip((Number - 1) * perPage).Take(perPage + 1).ToListAsync();
        HasNext = page.Count > perPage;
        Tickets = page.Take(perPage).ToList();
    }
}
