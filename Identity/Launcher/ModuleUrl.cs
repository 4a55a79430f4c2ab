using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Hosting;

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
/// send a user to another site (no open redirect). A URL that passes comes back in its ASCII form
/// (<see cref="InAscii(Uri)"/>), which is what is stored and what a launch sends.
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
        var ascii = InAscii(parsed);
        // A host no browser could reach: an xn-- label that is not Punycode (the same test a request's Host header
        // gets), or port 0 (RFC 6335 §6: reserved, never listened on).
        if (!WellFormedHost.IsWellFormed(ascii.IdnHost) || ascii.Port == 0)
        {
            return "Enter a URL whose host name and port a browser can reach.";
        }
        // The stored columns hold 500 characters; an encoded host and path can outgrow what was typed.
        if (ascii.AbsoluteUri.Length > 500)
        {
            return "The URL is too long (500 characters at most, once encoded).";
        }
        uri = ascii;
        return null;
    }

    /// <summary>
    /// Checks a landing page against the module's base URL; an empty value means "the dashboard" (<paramref name="landing"/>
    /// null). A landing page that passes comes back in its ASCII form.
    /// </summary>
    public static string? CheckLandingPage(string? value, Uri baseUrl, out Uri? landing)
    {
        landing = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (CheckBaseUrl(value, out var parsed) is { } problem)
        {
            return problem;
        }
        // Both in ASCII form: https://é.example and https://xn--9ca.example are one origin, and only the
        // encoded host says so.
        var origin = InAscii(baseUrl);
        if (Uri.Compare(parsed, origin, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return $"The landing page must be on the module's own site ({origin.GetLeftPart(UriPartial.Authority)}).";
        }
        landing = parsed;
        return null;
    }

    /// <summary>
    /// The URL as an HTTP header can carry it: an internationalised host name in its IDNA form (Punycode, RFC 5891 §4.4),
    /// the path and query percent-encoded (<see cref="Uri.AbsoluteUri"/>). A redirect to anything else makes Kestrel
    /// refuse the Location header, a 500.
    /// </summary>
    public static Uri InAscii(Uri url)
    {
        if (url.HostNameType != UriHostNameType.Dns || System.Text.Ascii.IsValid(url.Host))
        {
            return url;
        }
        // UTS #46 maps a host to lower case before encoding it, as browsers do; Uri keeps a non-ASCII capital as typed,
        // and IdnHost (under invariant globalization) would encode it as it stands, naming another host.
        var lowered = new UriBuilder(url) { Host = url.Host.ToLowerInvariant() }.Uri;
        return new UriBuilder(lowered) { Host = lowered.IdnHost }.Uri;
    }

    /// <summary>
    /// A stored URL in its ASCII form: rows saved before URLs were stored that way may hold an internationalised host.
    /// Anything that does not parse is returned as it is (every stored URL passed <see cref="CheckBaseUrl"/>).
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(url))]
    public static string? InAscii(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? InAscii(parsed).AbsoluteUri : url;
}
