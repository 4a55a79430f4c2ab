using System.ComponentModel.DataAnnotations;
using SsoSuite.Shared.Forms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Identity.Emails;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Claims;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Identity.Admin;

/// <summary>Admin Settings &gt; Users: a K1 admin manages the accounts of their own tenant.</summary>
public sealed class UsersModel(
    IdentityDbContext db,
    PasswordSignIn<K1Account> passwords,
    TotpAuthenticator<K1Account> authenticator,
    SessionEnding ending,
    KaseyaOneAudit audit,
    TimeProvider clock,
    ILogger<UsersModel> logger) : PageModel
{
    private const string DuplicateUserName = "An account with this username already exists in your company.";

    public List<K1Account> Accounts { get; private set; } = [];
    [BindProperty] public NewAccountForm New { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    private Guid TenantId => Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value);
    private Guid AdminId => Guid.Parse(User.FindFirst(KaseyaOneClaims.Subject)!.Value);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (ModelState.IsValid && !EmailVerification.IsAddress(New.Email!.Trim()))
        {
            // The attribute lets through what no mail can be sent to ("a b@example.com"): the rule of Profile > Email
            // applies, or the owner's verification mail (rule 16) could never leave.
            ModelState.AddModelError("New.Email", "Enter a valid email address.");
        }
        if (ModelState.IsValid)
        {
            var normalized = K1Account.Normalize(New.UserName!);
            if (await db.Accounts.AnyAsync(a => a.TenantId == TenantId && a.NormalizedUserName == normalized))
            {
                ModelState.AddModelError("New.UserName", DuplicateUserName);
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var account = new K1Account
        {
            TenantId = TenantId,
            UserName = New.UserName!.Trim(),
            NormalizedUserName = K1Account.Normalize(New.UserName),
            Email = New.Email!.Trim(),
            DisplayName = New.DisplayName!.Trim(),
            Role = New.IsAdmin ? KaseyaOneClaims.AdminRole : KaseyaOneClaims.UserRole,
            CreatedAt = clock.GetUtcNow(),
        };
        // The administrator knows this password: its owner chooses their own at the first sign-in.
        passwords.SetInitialPassword(account, New.Password!);
        db.Accounts.Add(account);
        audit.Add(TenantId, account.Id, AuditActions.AdminAction, AuditOutcomes.Succeeded, $"account {account.UserName} created", AdminId);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same username created concurrently: the unique index on (tenant, username) decided, nothing of this
            // request is stored.
            db.ChangeTracker.Clear();
            ModelState.AddModelError("New.UserName", DuplicateUserName);
            await LoadAsync();
            return Page();
        }
        logger.LogInformation("Admin {AdminId} created account {AccountId}", AdminId, account.Id);
        Notice = $"Account {account.UserName} created. At its first sign-in it chooses its own password and enrols an authenticator.";
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id) => ChangeAsync(id, async account =>
    {
        if (account.Id == AdminId)
        {
            return AdminOutcome.Refused("You cannot deactivate your own account.");
        }
        account.IsActive = false;
        await db.SaveChangesAsync();
        await ending.EndAllAsync(account.Id, SessionEndCause.Deactivated, AdminId, HttpContext.RequestAborted);
        return AdminOutcome.Changed($"Account {account.UserName} deactivated.");
    });

    public Task<IActionResult> OnPostReactivateAsync(Guid id) => ChangeAsync(id, async account =>
    {
        account.IsActive = true;
        account.FailedSignIns = 0;
        account.LockoutEnd = null;
        await db.SaveChangesAsync();
        return AdminOutcome.Changed($"Account {account.UserName} reactivated.");
    });

    public Task<IActionResult> OnPostResetMfaAsync(Guid id) => ChangeAsync(id, async account =>
    {
        authenticator.Reset(account);
        await db.SaveChangesAsync();
        await ending.EndAllAsync(account.Id, SessionEndCause.MfaReset, AdminId, HttpContext.RequestAborted);
        return AdminOutcome.Changed($"MFA reset for {account.UserName}: a new authenticator is set up at the next sign-in.");
    });

    private async Task<IActionResult> ChangeAsync(Guid id, Func<K1Account, Task<AdminOutcome>> change)
    {
        // Only accounts of the admin's own tenant: anything else does not exist for them.
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id && a.TenantId == TenantId);
        if (account is null)
        {
            return NotFound();
        }
        var outcome = await change(account);
        Notice = outcome.Notice;
        await audit.RecordAsync(TenantId, account.Id, AuditActions.AdminAction, outcome.AuditOutcome, Notice, AdminId);
        logger.LogInformation("Admin {AdminId} on account {AccountId} ({Outcome}): {Change}", AdminId, account.Id, outcome.AuditOutcome, Notice);
        return RedirectToPage();
    }

    private async Task LoadAsync() =>
        Accounts = await db.Accounts.AsNoTracking().Where(a => a.TenantId == TenantId)
            .OrderBy(a => a.NormalizedUserName).ToListAsync();
}

public sealed class NewAccountForm
{
    [Required(ErrorMessage = "Enter a username.")]
    [RegularExpression(@"^[A-Za-z0-9._-]{1,100}$", ErrorMessage = "Use letters, digits, dots, dashes or underscores (up to 100).")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter a display name.")]
    [StringLength(200, ErrorMessage = "The display name is too long.")]
    [NoTextDirectionControls(ErrorMessage = "The display name must not contain text-direction control characters.")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address is too long.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter an initial password.")]
    [StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs 10 to 200 characters.")]
    public string? Password { get; set; }

    [Display(Name = "KaseyaOne administrator")]
    public bool IsAdmin { get; set; }
}
