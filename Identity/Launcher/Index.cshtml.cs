using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Launcher;

/// <summary>The KaseyaOne landing page: My Modules and Overview.</summary>
public sealed class LandingModel(ModuleCatalog modules, SessionStore sessions, IdentityDbContext db) : PageModel
{
    public ModuleCatalog Modules => modules;
    public string Company { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public bool IsAdmin { get; private set; }
    public bool EmailVerified { get; private set; }
    public DateTimeOffset SignedInAt { get; private set; }

    public async Task OnGetAsync()
    {
        var live = await sessions.FindLiveAsync(User.FindFirst(KaseyaOneClaims.SessionId)?.Value, HttpContext.RequestAborted);
        if (live is { } found)
        {
            Company = found.Account.Tenant.Name;
            UserName = found.Account.UserName;
            Email = found.Account.Email;
            IsAdmin = found.Account.IsAdmin;
            SignedInAt = found.Session.AuthenticatedAt;
            // Read now, not from the live-session cache: a code typed back a moment ago shows at once.
            EmailVerified = await db.Accounts.Where(a => a.Id == found.Account.Id).Select(a => a.EmailVerifiedAt != null)
                .SingleOrDefaultAsync(HttpContext.RequestAborted);
        }
    }
}
