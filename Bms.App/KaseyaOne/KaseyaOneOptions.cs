using System.ComponentModel.DataAnnotations;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>How BMS reaches KaseyaOne (section <c>KaseyaOne</c>): the authority and BMS's client registration.</summary>
public sealed class KaseyaOneOptions
{
    public const string Section = "KaseyaOne";

    /// <summary>KaseyaOne's issuer, e.g. http://localhost:5100/ (discovery is read from there).</summary>
    [Required(ErrorMessage = "KaseyaOne:Authority is missing: KaseyaOne's URL, such as https://login.example/.")]
    public Uri? Authority { get; set; }
    [Required(ErrorMessage = "KaseyaOne:ClientId is missing: the id of this BMS's client in KaseyaOne's Oidc:Clients.")]
    public string ClientId { get; set; } = "";
    [Required(ErrorMessage = "KaseyaOne:ClientSecret is missing: the secret of this BMS's client in KaseyaOne's Oidc:Clients."),
     MinLength(32, ErrorMessage = "KaseyaOne:ClientSecret must have at least 32 characters, as KaseyaOne's Oidc:Clients secrets do.")]
    public string ClientSecret { get; set; } = "";
    /// <summary>This BMS's public base URL, as KaseyaOne should link to it; default: the request's origin.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// The issuer as KaseyaOne writes it (with its trailing slash), for iss checks. Empty for an Authority that is no
    /// URL: validation at start reads every property before it refuses that Authority with its own message.
    /// </summary>
    public string Issuer => Authority is { IsAbsoluteUri: true } authority ? WithSlash(authority.AbsoluteUri) : "";

    /// <summary>
    /// Whether an <c>iss</c> a request carries (initiate-login, front-channel logout) names this KaseyaOne: an exact
    /// match, except that the trailing slash may be left off.
    /// </summary>
    public bool IsIssuer(string? iss) => iss is not null && string.Equals(WithSlash(iss), Issuer, StringComparison.Ordinal);

    /// <summary>This BMS's base URL as KaseyaOne should link to it: <see cref="PublicUrl"/>, else the request's origin.</summary>
    public string PublicBaseUrl(HttpRequest request) =>
        PublicUrl?.AbsoluteUri ?? $"{request.Scheme}://{request.Host}{request.PathBase}/";

    /// <summary>
    /// A page of this BMS as a local path, or null: landing pages and launch targets must stay inside BMS's own
    /// origin, so KaseyaOne's settings can never turn BMS into an open redirector (SPEC rule 11).
    /// </summary>
    public string? OwnPage(HttpRequest request, string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var own = new Uri(PublicBaseUrl(request));
        // Same origin is not enough: http://bms//evil has the path //evil, which a browser reads as another host.
        return Uri.Compare(uri, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
               && LocalUrl.IsLocal(uri.PathAndQuery)
            ? uri.PathAndQuery
            : null;
    }

    private static string WithSlash(string uri) => uri.EndsWith('/') ? uri : uri + "/";
}
