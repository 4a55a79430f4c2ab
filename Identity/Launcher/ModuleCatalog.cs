using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.Launcher;

namespace SsoSuite.Identity.Launcher;

/// <summary>A module KaseyaOne launches. Only modules with a URL are available; others are listed as coming.</summary>
public sealed class ModuleOptions
{
    [Required, RegularExpression("^[a-z0-9-]{1,32}$")] public string Key { get; set; } = "";
    [Required] public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The module's default URL (its US region unless <see cref="Regions"/> says otherwise).</summary>
    [Url] public string? Url { get; set; }
    /// <summary>The OpenID Connect client that is this module, for launches and landing pages.</summary>
    public string? ClientId { get; set; }
    /// <summary>
    /// Further deployments of the module, one OpenID Connect client each (BMS per region): a launch goes to the
    /// deployment whose initiate_login_uri is on the chosen region's site (see <see cref="ModuleDeployments"/>).
    /// </summary>
    public List<string> ClientIds { get; set; } = [];
    /// <summary>Base URL per region (US, UK, APAC); a K1 admin picks one, or a custom URL.</summary>
    public Dictionary<string, string> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsAvailable => !string.IsNullOrEmpty(Url);

    /// <summary>Every client that is a deployment of this module.</summary>
    public IEnumerable<string> Clients => ClientId is null ? ClientIds : ClientIds.Prepend(ClientId);

    public string? RegionUrl(ModuleRegion region) =>
        Regions.TryGetValue(region.ToString(), out var url) ? url : region == ModuleRegion.US ? Url : null;
}

public sealed class LauncherOptions
{
    public const string Section = "Launcher";
    public List<ModuleOptions> Modules { get; set; } = [];
}

/// <summary>The modules shown on My Modules and in the app launcher, BMS first, read once at start.</summary>
public sealed class ModuleCatalog(IOptions<LauncherOptions> options)
{
    public IReadOnlyList<ModuleOptions> Modules { get; } =
        options.Value.Modules.OrderBy(m => m.Key == "bms" ? 0 : 1).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public ModuleOptions? Find(string? key) => Modules.FirstOrDefault(m => m.Key == key);

    /// <summary>The module a client is a deployment of, if any.</summary>
    public ModuleOptions? ForClient(string clientId) => Modules.FirstOrDefault(m => m.Clients.Contains(clientId, StringComparer.Ordinal));
}

/// <summary>
/// What the app launcher shows: per module, the tenants the user may enter, else the module itself, else the module
/// as not yet available. KaseyaOne's own launcher and its launcher API (for BMS's) list the same entries.
/// </summary>
public sealed record AppLauncher(ModuleCatalog Catalog, IReadOnlyList<LaunchTarget> Targets)
{
    public IEnumerable<LauncherEntry> Entries()
    {
        foreach (var module in Catalog.Modules)
        {
            var targets = Targets.Where(t => t.ModuleKey == module.Key).ToList();
            foreach (var target in targets)
            {
                yield return new LauncherEntry("launch-" + target.TenantId, $"{module.Name} – {target.Name}",
                    $"/Launcher/Launch?module={module.Key}&tenant={Uri.EscapeDataString(target.TenantId)}");
            }
            if (targets.Count == 0)
            {
                yield return new LauncherEntry("module-" + module.Key, module.Name, module.IsAvailable ? "/Launcher/Launch?module=" + module.Key : null);
            }
        }
    }
}

public static class LauncherSetup
{
    public static WebApplicationBuilder AddLauncher(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LauncherOptions>().Bind(builder.Configuration.GetSection(LauncherOptions.Section))
            .Validate(o => o.Modules.All(m => Validator.TryValidateObject(m, new ValidationContext(m), null, true)),
                "Launcher:Modules has an entry with a missing name, a bad key or a bad URL.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ModuleCatalog>();
        builder.Services.AddSingleton<ModuleDeployments>();
        builder.Services.AddSingleton<ModuleUrlCache>();
        builder.Services.AddScoped<ModuleUrls>();
        builder.Services.AddScoped<BmsTenants>();
        return builder;
    }
}
