using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Launcher;

/// <summary>
/// My Modules &gt; BMS: lists the tenants the user may enter; choosing one starts OpenID Connect
/// third-party-initiated login (Core §4): the browser goes to the client's registered initiate_login_uri
/// with iss, login_hint and target_link_uri, and the client comes back with an authorization request
/// that the live session answers without a prompt.
/// </summary>
public sealed class LaunchModel(BmsTenants tenants, ModuleCatalog catalog, ModuleUrls urls, IOptions<OidcOptions> oidc) : PageModel
{
    public string ModuleName { get; private set; } = "";
    public IReadOnlyList<LaunchTarget> Targets { get; private set; } = [];

    /// <summary>The parameter naming the chosen BMS tenant on the initiate-login request.</summary>
    public const string TenantParameter = "bms_tenant";

    public async Task<IActionResult> OnGetAsync(string? module, string? tenant)
    {
        if (catalog.Find(module ?? "bms") is not { } found)
        {
            return NotFound();
        }
        ModuleName = found.Name;
        Targets = (await tenants.ForUserAsync(User, HttpContext.RequestAborted)).Where(t => t.ModuleKey == found.Key).ToList();
        if (string.IsNullOrEmpty(tenant))
        {
            return Page();
        }
        // Only a tenant from the user's own list, and only to the client's registered URI.
        var target = Targets.FirstOrDefault(t => t.TenantId == tenant);
        var client = oidc.Value.Clients.FirstOrDefault(c => c.ClientId == target?.ClientId);
        if (target is null || client?.InitiateLoginUri is null)
        {
            return NotFound();
        }
        var effective = await urls.EffectiveAsync(
            Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value), Guid.Parse(User.FindFirst(KaseyaOneClaims.Subject)!.Value),
            found.Key, HttpContext.RequestAborted);
        return Redirect(QueryHelpers.AddQueryString(client.InitiateLoginUri.AbsoluteUri, new Dictionary<string, string?>
        {
            ["iss"] = oidc.Value.IssuerFor(Request),
            ["login_hint"] = User.FindFirst(KaseyaOneClaims.Email)?.Value,
            ["target_link_uri"] = effective?.LandingPageUrl ?? target.BaseUrl,
            [TenantParameter] = target.TenantId,
        }));
    }
}
