using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Admin;

/// <summary>
/// Admin Settings &gt; Users &gt; Sessions: one account's sessions (live, and ended with what each app answered to its
/// logout), End one or all, and Reset password; every end goes through <see cref="SessionEnding"/>. Tenant-scoped:
/// an account of another tenant does not exist here.
/// </summary>
public sealed class UserSessionsModel(
    IdentityDbContext db, SessionList list, SessionEnding ending, PasswordSignIn<K1Account> passwords, KaseyaOneAudit audit) : PageModel
{
    public K1Account? Account { get; private set; }
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];
    [TempData] public string? Notice { get; set; }
    [BindProperty, Required(ErrorMessage = "Enter a new password."),
     StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs 10 to 200 characters.")]
    public string? NewPassword { get; set; }

    private Guid TenantId => Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value);
    private Guid AdminId => Guid.Parse(User.FindFirst(KaseyaOneClaims.Subject)!.Value);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostEndAsync(Guid id, string? sessionId) => ActAsync(id, async account =>
    {
        if (Sessions.All(s => s.Id != sessionId || !s.IsLive))
        {
            return AdminOutcome.Refused("That session has already ended.");
        }
        var ended = await ending.EndAsync([sessionId], SessionEndCause.AdminEnded, AdminId, HttpContext.RequestAborted);
        return AdminOutcome.Changed($"Session ended for {account.UserName}. " + Told(ended));
    });

    public Task<IActionResult> OnPostEndAllAsync(Guid id) => ActAsync(id, async account =>
    {
        var ended = await ending.EndAllAsync(account.Id, SessionEndCause.AdminEnded, AdminId, HttpContext.RequestAborted);
        return AdminOutcome.Changed($"{ended.EndedSessionIds.Count} session(s) ended for {account.UserName}. " + Told(ended));
    });

    public async Task<IActionResult> OnPostResetPasswordAsync(Guid id)
    {
        if (!ModelState.IsValid)
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        return await ActAsync(id, async account =>
        {
            // Like a new account's: its owner replaces it at the next sign-in.
            passwords.SetInitialPassword(account, NewPassword!);
            account.FailedSignIns = 0;
            account.LockoutEnd = null;
            await db.SaveChangesAsync();
            // Whoever held the old password may hold a session: every session ends with it.
            var ended = await ending.EndAllAsync(account.Id, SessionEndCause.PasswordReset, AdminId, HttpContext.RequestAborted);
            return AdminOutcome.Changed($"Password reset for {account.UserName}; {ended.EndedSessionIds.Count} session(s) ended. " + Told(ended));
        });
    }

    private async Task<IActionResult> ActAsync(Guid id, Func<K1Account, Task<AdminOutcome>> act)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var outcome = await act(Account!);
        Notice = outcome.Notice;
        await audit.RecordAsync(TenantId, Account!.Id, AuditActions.AdminAction, outcome.AuditOutcome, Notice, AdminId);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        Account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id && a.TenantId == TenantId);
        if (Account is null)
        {
            return false;
        }
        Sessions = await list.ForAccountAsync(Account.Id, withEnded: true, HttpContext.RequestAborted);
        return true;
    }

    private string Told(SessionsEnded ended)
    {
        var told = ended.Deliveries.Where(d => d.State == LogoutDeliveryState.Delivered).Select(d => list.AppName(d.ClientId)).Distinct().ToList();
        var pending = ended.Deliveries.Where(d => d.State != LogoutDeliveryState.Delivered).Select(d => list.AppName(d.ClientId)).Distinct().ToList();
        return (told.Count > 0 ? $"Acknowledged by {string.Join(", ", told)}. " : "")
               + (pending.Count > 0 ? $"Not acknowledged yet by {string.Join(", ", pending)} (retrying)." : "");
    }
}
