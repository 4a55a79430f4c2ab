using System.ComponentModel.DataAnnotations;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>How BMS reaches KaseyaOne (section <c>KaseyaOne</c>): the authority and BMS's client registration.</summary>
public sealed class KaseyaOneOptions
{
    public const string Section = "KaseyaOne";

    /// <summary>KaseyaOne's issuer, e.g. http://localhost:5100/ (discovery is read from there).</summary>
    [Required] public Uri? Authority { get; set; }
    [Required, MinLength(1)] public string ClientId { get; set; } = "";
    [Required, MinLength(32)] public string ClientSecret { get; set; } = "";
    /// <summary>This BMS's public base URL, as KaseyaOne should link to it; default: the request's origin.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The issuer as KaseyaOne writes it (with its trailing slash), for iss checks.</summary>
    public string Issuer => WithSlash(Authority!.AbsoluteUri);

    /// <summary>
    /// Whether an <c>iss</c> a request carries (initiate-login, front-channel logout) names this KaseyaOne: an exact
    /// match, except that the trailing slash may be left off.
    /// </summary>
    public bool IsIssuer(string? iss) => iss is not null && string.Equals(WithSlash(iss), Issuer, StringComparison.Ordinal);

    private static string WithSlash(string uri) => uri.EndsWith('/') ? uri : uri + "/";
}
