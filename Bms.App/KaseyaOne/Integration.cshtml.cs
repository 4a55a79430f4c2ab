using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>Admin &gt; Integrations &gt; KaseyaOne: the slider of SPEC rule 5 (BMS admins only).</summary>
[Authorize(Policy = AdminSetup.Policy)]
public sealed class IntegrationModel(KaseyaOneStatus status) : PageModel
{
    public const string PagePath = "/Admin/Integrations/KaseyaOne";

    public TenantIntegration Status { get; private set; } = new(false, null, null);

    public async Task OnGetAsync() => Status = await status.ForTenantAsync(User.TenantId(), HttpContext.RequestAborted);

    /// <summary>The slider moved: each way is its own round trip through KaseyaOne.</summary>
    public async Task<IActionResult> OnPostAsync([BindRequired] bool enabled)
    {
        if (!ModelState.IsValid)
        {
            // A value that is neither true nor false (a model error, YesOrNoBinding) or none at all says nothing, and
            // "not on" is no reason to start the on-to-off journey, which removes the tenant link and every user link.
            KaseyaOneNotice.Refused(KaseyaOneMessages.SliderNotUnderstood).ShowNext(HttpContext);
            return RedirectToPage();
        }
        Status = await status.ForTenantAsync(User.TenantId(), HttpContext.RequestAborted);
        if (enabled == Status.Enabled)
        {
            return RedirectToPage();
        }
        if (!await KaseyaOneReachability.AnswersAsync(HttpContext))
        {
            KaseyaOneNotice.Refused(KaseyaOneMessages.Text(KaseyaOneRefusal.Unreachable)).ShowNext(HttpContext);
            return RedirectToPage();
        }
        return Challenge(enabled ? EnableTenantJourney.Start(User) : DisableTenantJourney.Start(User), KaseyaOneSetup.Scheme);
    }
}
