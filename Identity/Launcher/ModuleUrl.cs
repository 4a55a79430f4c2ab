using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Identity.Launcher;

public enum ModuleRegion { US, UK, APAC, Custom }

/// <summary>
/// SPEC rule 11: per module, the region base URL and an optional landing page URL. Set for the whole
/// K1 tenant by an admin (<see cref="AccountId"/> empty), or overridden by a user for themself.
/// </summary>
public sealed class ModuleUrl
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid K1TenantId { get; set; }
    /// <summary><see cref="Guid.Empty"/> for the tenant's setting, else the account that overrides it.</summary>
    public Guid AccountId { get; set; }
    public required string ModuleKey { get; set; }
    public ModuleRegion Region { get; set; }
    public required string BaseUrl { get; set; }
    public string? LandingPageUrl { get; set; }
}

internal sealed class ModuleUrlConfiguration : IEntityTypeConfiguration<ModuleUrl>
{
    public void Configure(EntityTypeBuilder<ModuleUrl> e)
    {
        e.ToTable("ModuleUrls");
        e.Property(m => m.ModuleKey).HasMaxLength(32);
        e.Property(m => m.Region).HasConversion<string>().HasMaxLength(10);
        e.Property(m => m.BaseUrl).HasMaxLength(500);
        e.Property(m => m.LandingPageUrl).HasMaxLength(1000);
        e.HasIndex(m => new { m.K1TenantId, m.AccountId, m.ModuleKey }).IsUnique();
    }
}

/// <summary>The URLs in effect for one user and module, and where they came from.</summary>
public sealed record EffectiveModuleUrl(string ModuleKey, ModuleRegion Region, string BaseUrl, string? LandingPageUrl, string Source);

/// <summary>
/// The validation of module URLs, in one place: an absolute https URL (http only for localhost, the
/// embedded default), and a landing page inside the module's own origin, so a landing page can never
/// send a user to another site (no open redirect).
/// </summary>
public static class ModuleUrlRules
{
    public static string? CheckBaseUrl(string? value, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return "Enter the module's base URL.";
        }
        // "/Tickets" parses as an absolute file: URI on Unix; a module URL always names its site.
        if (value.Length > 500 || !value.Contains(':', StringComparison.Ordinal) || value.TrimStart().StartsWith('/')
            || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var parsed))
        {
            return "Enter an absolute URL, such as https://bms.example.com.";
        }
        if (!(parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback))
        {
            return "The URL must start with https:// (http:// is allowed for localhost only).";
        }
        if (!string.IsNullOrEmpty(parsed.UserInfo) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return "The URL must not contain a user name, password or #fragment.";
        }
        uri = parsed;
        return null;
    }

    /// <summary>Checks a landing page against the module's base URL; an empty value means "the dashboard".</summary>
    public static string? CheckLandingPage(string? value, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (CheckBaseUrl(value, out var landing) is { } problem)
        {
            return problem;
        }
        return Uri.Compare(landing, baseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? null
            : $"The landing page must be on the module's own site ({baseUrl.GetLeftPart(UriPartial.Authority)}).";
    }
}
