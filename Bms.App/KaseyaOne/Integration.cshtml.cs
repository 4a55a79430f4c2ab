using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>Admin &gt; Integrations &gt; KaseyaOne: the slider of SPEC rule 5 (BMS admins only).</summary>
[Authorize(Policy = "BmsAdmin")]
public sealed class IntegrationModel(KaseyaOneStatus status, KaseyaOneFlows flows) : PageModel
{
    public TenantIntegration Status { get; private set; } = new(false, null, null);
    [TempData(Key = KaseyaOneFlows.NoticeKey)] public string? Notice { get; set; }
    [TempData(Key = KaseyaOneFlows.NoteKey)] public string? Note { get; set; }
    [TempData(Key = KaseyaOneFlows.ErrorKey)] public string? Error { get; set; }

    public async Task OnGetAsync() => Status = await status.ForTenantAsync(User.TenantId(), HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(bool enabled)
    {
        Status = await status.ForTenantAsync(User.TenantId(), HttpContext.RequestAborted);
        if (enabled == Status.Enabled)
        {
            return RedirectToPage();
        }
        return Challenge(enabled ? flows.EnableTenant(User) : flows.DisableTenant(User), KaseyaOneSetup.Scheme);
    }
}
