using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Data;

namespace SsoSuite.Bms.Accounts;

/// <summary>My Settings: the user's preferences, and Login with KaseyaOne (SPEC rule 6).</summary>
public sealed class SettingsModel(BmsDbContext db, UserSignIn users) : PageModel
{
    /// <summary>The field's value as shown: the stored count, or after a refusal what was typed, so it can be corrected.</summary>
    public string TicketsPerPage { get; private set; } = "25";
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved = false)
    {
        TicketsPerPage = ((await users.FindAsync(User.UserId(), HttpContext.RequestAborted))?.TicketsPerPage ?? 25)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
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
            // What was typed stays in the field beside the message (nothing the user entered is lost); the
            // stored count is unchanged. Bounded, since the form field is shown back.
            TicketsPerPage = ticketsPerPage is { Length: > 20 } ? ticketsPerPage[..20] : ticketsPerPage ?? "";
            return Page();
        }
        user.TicketsPerPage = count;
        await db.SaveChangesAsync();
        return RedirectToPage(new { saved = true });
    }
}
