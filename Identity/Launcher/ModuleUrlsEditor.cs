using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Shared.Claims;

namespace SsoSuite.Identity.Launcher;

/// <summary>One row of the Module URLs tab as shown: the settings in effect and any message beside a field.</summary>
public sealed class ModuleUrlRow
{
    public required ModuleOptions Module { get; init; }
    public ModuleRegion Region { get; set; }
    public string? BaseUrl { get; set; }
    public string? LandingPageUrl { get; set; }
    public string Source { get; set; } = "default";
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The Module URLs tab, for a K1 admin (the company's settings, Admin Settings) or a user (their own
/// override, Profile Settings). A bad value gets a message beside its field and nothing is saved.
/// </summary>
public abstract class ModuleUrlsEditor(ModuleCatalog catalog, ModuleUrls urls) : PageModel
{
    public List<ModuleUrlRow> Rows { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    /// <summary>Whose settings this page edits: <see cref="Guid.Empty"/> for the company's.</summary>
    protected abstract Guid Owner { get; }
    public abstract bool IsPersonal { get; }

    protected Guid TenantId => Guid.Parse(User.FindFirst(KaseyaOneClaims.TenantId)!.Value);
    protected Guid AccountId => Guid.Parse(User.FindFirst(KaseyaOneClaims.Subject)!.Value);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? module, string? region, string? baseUrl, string? landingPageUrl)
    {
        await LoadAsync();
        var row = Rows.FirstOrDefault(r => r.Module.Key == module);
        if (row is null)
        {
            return NotFound();
        }
        var shown = row.BaseUrl;
        row.BaseUrl = baseUrl;
        row.LandingPageUrl = landingPageUrl;
        if (!Enum.TryParse<ModuleRegion>(region, ignoreCase: true, out var chosen) || !Enum.IsDefined(chosen))
        {
            row.Errors["Region"] = "Choose US, UK, APAC or Custom.";
            return Page();
        }
        row.Region = chosen;
        var candidate = chosen == ModuleRegion.Custom ? baseUrl : row.Module.RegionUrl(chosen);
        if (candidate is null)
        {
            row.Errors["Region"] = $"{row.Module.Name} has no {chosen} region; choose another or Custom.";
            return Page();
        }
        // A named region's URL is the region's own. A URL typed in the field (other than the one the page showed, or
        // the region's) would otherwise be dropped without a word: it is refused instead, and stays in the field.
        if (chosen != ModuleRegion.Custom && Typed(baseUrl, shown, candidate))
        {
            row.Errors["BaseUrl"] = $"The {chosen} region's URL is {candidate}. To use a URL of your own, choose Custom as the region.";
            return Page();
        }
        if (ModuleUrlRules.CheckBaseUrl(candidate, out var baseUri) is { } baseProblem)
        {
            row.Errors["BaseUrl"] = baseProblem;
            return Page();
        }
        if (ModuleUrlRules.CheckLandingPage(landingPageUrl, baseUri!, out var landing) is { } landingProblem)
        {
            row.Errors["LandingPageUrl"] = landingProblem;
            return Page();
        }
        // Stored in their ASCII form, so that a launch's Location header can carry them as they are.
        await urls.SaveAsync(TenantId, Owner, row.Module.Key, chosen, baseUri!.AbsoluteUri, landing?.AbsoluteUri, HttpContext.RequestAborted);
        Notice = $"{row.Module.Name} URLs saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResetAsync(string? module)
    {
        if (catalog.Find(module) is { } found)
        {
            await urls.RemoveAsync(TenantId, Owner, found.Key, HttpContext.RequestAborted);
            Notice = IsPersonal ? $"{found.Name} now uses your company's URLs." : $"{found.Name} URLs reset to the defaults.";
        }
        return RedirectToPage();
    }

    private static bool Typed(string? entered, string? shown, string regionUrl)
    {
        static string Bare(string value) => value.Trim().TrimEnd('/');
        return !string.IsNullOrWhiteSpace(entered)
            && !string.Equals(Bare(entered), Bare(shown ?? ""), StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Bare(entered), Bare(regionUrl), StringComparison.OrdinalIgnoreCase);
    }

    private async Task LoadAsync()
    {
        Rows = [];
        // SPEC rule 11: every module of the catalogue has a row, whether or not it has a default URL.
        foreach (var module in catalog.Modules)
        {
            var effective = await urls.EffectiveAsync(TenantId, IsPersonal ? AccountId : Guid.Empty, module.Key, HttpContext.RequestAborted);
            Rows.Add(new ModuleUrlRow
            {
                Module = module,
                Region = effective?.Region ?? (module.RegionUrl(ModuleRegion.US) is null ? ModuleRegion.Custom : ModuleRegion.US),
                BaseUrl = effective?.BaseUrl,
                LandingPageUrl = effective?.LandingPageUrl,
                Source = effective?.Source ?? "default",
            });
        }
    }
}
