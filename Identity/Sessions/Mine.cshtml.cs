using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// My sessions (SPEC rule 14): the account's live sessions with browser, system, address, start, last activity and
/// the apps each signed into; Sign out per session and Sign out everywhere, both through <see cref="SessionEnding"/>.
/// </summary>
[Authorize]
public sealed class MineModel(SessionList list, SessionEnding ending, SessionLogout logout) : PageModel
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];
    public string? CurrentSessionId { get; private set; }
    [TempData] public string? Notice { get; set; }

    private Guid AccountId => Guid.Parse(User.FindFirst(KaseyaOneClaims.Subject)!.Value);

    public async Task OnGetAsync()
    {
        CurrentSessionId = User.FindFirst(KaseyaOneClaims.SessionId)?.Value;
        Sessions = await list.ForAccountAsync(AccountId, withEnded: false, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSignOutAsync(string? id)
    {
        var mine = await list.ForAccountAsync(AccountId, withEnded: false, HttpContext.RequestAborted);
        // Only a live session of this account: any other id is treated as already gone, and nothing changes.
        if (mine.FirstOrDefault(s => s.Id == id) is not { } session)
        {
            Notice = "That session has already ended.";
            return RedirectToPage();
        }
        if (session.Id == User.FindFirst(KaseyaOneClaims.SessionId)?.Value)
        {
            var page = await logout.EndAsync(HttpContext, [session.Id], returnTo: null);
            await HttpContext.SignOutAsync(KaseyaOneCookies.Session);
            return LocalRedirect(page);
        }
        var ended = await ending.EndAsync([session.Id], SessionEndCause.SignOut, ct: HttpContext.RequestAborted);
        Notice = Describe(ended, $"Signed out of {session.Browser} on {session.OperatingSystem}.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var page = await logout.EndEverywhereAsync(HttpContext, AccountId);
        await HttpContext.SignOutAsync(KaseyaOneCookies.Session);
        return LocalRedirect(page);
    }

    private string Describe(SessionsEnded ended, string what)
    {
        var told = ended.Deliveries.Where(d => d.State == LogoutDeliveryState.Delivered).Select(d => list.AppName(d.ClientId)).Distinct().ToList();
        var pending = ended.Deliveries.Where(d => d.State != LogoutDeliveryState.Delivered).Select(d => list.AppName(d.ClientId)).Distinct().ToList();
        return what
               + (told.Count > 0 ? $" Signed out of {string.Join(", ", told)}." : "")
               + (pending.Count > 0 ? $" Could not reach {string.Join(", ", pending)} yet: KaseyaOne keeps trying." : "");
    }
}
