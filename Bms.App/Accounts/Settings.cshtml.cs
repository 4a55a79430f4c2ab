using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Accounts;

/// <summary>My Settings: the user's preferences, and Login with KaseyaOne (SPEC rule 6).</summary>
public sealed class SettingsModel(BmsDbContext db, UserSignIn users) : PageModel
{
    public int TicketsPerPage { get; private set; }
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved = false)
    {
        TicketsPerPage = (await users.FindAsync(User.UserId(), HttpContext.RequestAborted))?.TicketsPerPage ?? 25;
        Saved = saved;
    }

    public async Task<IActionResult> OnPostAsync(string? ticketsPerPage)
    {
        var user = await users.FindAsync(User.UserId(), HttpContext.RequestAborted);
        if (user is null)
        {
            return Forbid();
        }
        if (!int.TryParse(ticketsPerPage, out var count) || count is < 5 or > 200)
        {
            Error = "Enter a number from 5 to 200.";
            TicketsPerPage = user.TicketsPerPage;
            return Page();
        }
        user.TicketsPerPage = count;
        await db.SaveChangesAsync();
        return RedirectToPage(new { saved = true });
    }
}
