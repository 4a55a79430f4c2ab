using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Oidc;
using SsoSuite.Identity.Sessions;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Launcher;

/// <summary>
/// My Modules &gt; BMS and the app launcher: lists the tenants the user may enter; choosing one starts OpenID Connect
/// third-party-initiated login (Core §4). SPEC rule 11: the module URL in effect for the user (their own Profile
/// Settings, else the company's Admin Settings, else the default) decides where it goes: the browser goes to the
/// initiate_login_uri of the deployment registered on that URL's site, with iss, login_hint, target_link_uri (the
/// landing page, else that base URL) and the tenant, and the client comes back with an authorization request that
/// the live session answers without a prompt. A module without a client of its own opens at its URL.
/// </summary>
public sealed class LaunchModel(BmsTenants tenants, ModuleCatalog catalog, ModuleUrls urls, ModuleDeployments deployments,
    IOptions<OidcOptions> oidc) : PageModel
{
    public string ModuleName { get; private set; } = "";
    public IReadOnlyList<LaunchTarget> Targets { get; private set; } = [];
    /// <summary>Why a launch cannot go where the module URLs say (a region without a registered deployment).</summary>
    public string? Problem { get; private set; }

    /// <summary>The parameter naming the chosen BMS tenant on the initiate-login request.</summary>
    public const string TenantParameter = "bms_tenant";

    public async Task<IActionResult> OnGetAsync(string? module, string? tenant)
    {
        if (catalog.Find(module ?? "bms") is not { } found)
        {
            return NotFound();
        }
        ModuleName = found.Name;
        var effective = await urls.EffectiveAsync(
            Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value), Guid.Parse(User.FindFirst(KaseyaOneClaims.Subject)!.Value),
            found.Key, HttpContext.RequestAborted);
        if (!found.Clients.Any())
        {
            // Its URL was checked when it was saved (https, landing page on the same site) or comes from appsettings;
            // ModuleUrls hands it over in its ASCII form, the only one a Location header carries.
            return effective is null ? NotFound() : Redirect(effective.LandingPageUrl ?? effective.BaseUrl);
        }
        Targets = (await tenants.ForUserAsync(User, HttpContext.RequestAborted)).Where(t => t.ModuleKey == found.Key).ToList();
        if (string.IsNullOrEmpty(tenant))
        {
            return Page();
        }
        // Only a tenant from the user's own list, and only to a registered initiate_login_uri.
        if (Targets.FirstOrDefault(t => t.TenantId == tenant) is not { } target)
        {
            return NotFound();
        }
        var baseUrl = effective?.BaseUrl ?? target.BaseUrl;
        if (deployments.At(found, baseUrl)?.InitiateLoginUri is not { } initiateLogin)
        {
            // Seed 002: with the wrong region's URL, SSO cannot work; say so instead of sending the user off.
            Problem = $"No {found.Name} deployment is registered at {new Uri(baseUrl).GetLeftPart(UriPartial.Authority)}. "
                      + "Check the region under Profile Settings > Module URLs, or ask your KaseyaOne administrator.";
            return Page();
        }
        return Redirect(QueryHelpers.AddQueryString(initiateLogin.AbsoluteUri, new Dictionary<string, string?>
        {
            ["iss"] = oidc.Value.IssuerFor(Request),
            ["login_hint"] = User.FindFirst(KaseyaOneClaims.Email)?.Value,
            ["target_link_uri"] = effective?.LandingPageUrl ?? baseUrl,
            [TenantParameter] = target.TenantId,
        }));
    }
}
