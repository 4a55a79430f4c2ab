using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Answers a plain 400 to a request whose Host header is not a host name, before anything reads
/// <see cref="HttpRequest.Host"/>. RFC 9112 §3.2: a server must answer 400 to a request with an invalid Host.
/// Kestrel checks the header's characters, but an <c>xn--</c> label that is not valid Punycode (RFC 3492) gets
/// through, and ASP.NET Core decodes such a label whenever <see cref="HttpRequest.Host"/> is read (the issuer,
/// the cookie handler, OpenIddict, the OpenAPI document), throwing an <see cref="ArgumentException"/>: a 500
/// on every URL.
/// A Host longer than any host name and port is refused too: the apps store the origin a request names (KaseyaOne's
/// issuer, when none is configured, goes with each session) in columns sized for real host names.
/// So is a request that names no host, and a Host that makes no URL (a port beyond 65535, a name such as <c>a!b</c>):
/// Kestrel lets through an HTTP/1.0 request without Host and a port of any number of digits, and both apps make their
/// own URL from the Host when none is configured (KaseyaOne's issuer, BMS's <c>KaseyaOne:PublicUrl</c>), where
/// <see cref="Uri"/> throws on such a Host and an empty one makes no URL at all: a 500, or a link to nowhere.
/// </summary>
public sealed class WellFormedHost(RequestDelegate next)
{
    private const string AcePrefix = "xn--";

    /// <summary>
    /// The longest Host header served: a host name of 253 characters (RFC 1035 §2.3.4: 255 octets on the wire, less
    /// the length of the first label and the root) and a port (":65535"). An IPv6 literal is shorter.
    /// </summary>
    public const int MaxLength = 253 + 6;

    /// <summary>
    /// The last Host that passed: nearly every request of a deployment names the same one, and this check runs first on
    /// every request (a cached discovery answer included), so that one is compared, not parsed again, and the field is
    /// written only when another Host passes. A race between two hosts only costs one more check.
    /// </summary>
    private volatile string? lastPassed;

    public Task InvokeAsync(HttpContext http)
    {
        var host = http.Request.Headers.Host.ToString();
        if (string.Equals(host, lastPassed, StringComparison.Ordinal))
        {
            return next(http);
        }
        if (IsWellFormed(host) && NamesAnOrigin(host))
        {
            lastPassed = host;
            return next(http);
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.Headers.CacheControl = "no-store";
        ServiceDefaults.AddSecurityHeaders(http.Response.Headers);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether a Host header names an origin the apps can make a URL of. RFC 9112 §3.3: a request whose target URI would
    /// have an empty authority, which the http and https schemes forbid, may be refused. RFC 9110 §4.2.1 and RFC 3986
    /// §3.2.3: a port is decimal digits; one beyond 65535 is no TCP port, 0 is reserved (RFC 6335 §6), an empty one
    /// (<c>host:</c>) names none. Kestrel lets through, besides such ports, names of characters <see cref="Uri"/> does not
    /// take in a host (<c>a!b</c>, <c>a..b</c>), where the apps would fail the same way. Costs one <see cref="Uri"/> of a
    /// header already bounded by <see cref="MaxLength"/>.
    /// </summary>
    private static bool NamesAnOrigin(string host) =>
        host.Length > 0 && !host.EndsWith(':')
        && Uri.TryCreate(Uri.UriSchemeHttp + Uri.SchemeDelimiter + host + "/", UriKind.Absolute, out var origin)
        // Nothing but a host and a port: no user info, path, query or fragment slipped in with the header.
        && origin.UserInfo.Length == 0 && origin.PathAndQuery == "/" && origin.Fragment.Length == 0
        && origin.Port is > 0 and <= 65535;

    /// <summary>
    /// False when <paramref name="host"/> is longer than <see cref="MaxLength"/>, or when its host part (without its
    /// port) holds an <c>xn--</c>, in any case, and does not decode as IDNA: the decoding <see cref="HostString.FromUriComponent(string)"/> does (for a lower-case
    /// <c>xn--</c>, on the same part), so whatever passes here is a host the framework can read.
    /// </summary>
    public static bool IsWellFormed(string host)
    {
        if (host.Length > MaxLength)
        {
            return false;
        }
        if (!host.Contains(AcePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // An IPv6 literal ([::1]:5100) is never decoded; a host name's port follows its only colon.
        if (host.Contains('[', StringComparison.Ordinal))
        {
            return true;
        }
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        try
        {
            _ = new IdnMapping().GetUnicode(colon < 0 ? host : host[..colon]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
