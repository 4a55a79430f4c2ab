using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// A browser and operating system in words, for My sessions. User-Agent Client Hints first (Chromium sends
/// <c>Sec-CH-UA</c> and <c>Sec-CH-UA-Platform</c> by itself), then a short mapping of the User-Agent string for the
/// major browsers and systems. Only a label for people: nothing decides anything on it.
/// </summary>
public sealed partial record BrowserDescription(string Browser, string OperatingSystem)
{
    private const string Unknown = "Unknown";

    public static BrowserDescription Of(IHeaderDictionary headers) =>
        Of(headers["Sec-CH-UA"].ToString(), headers["Sec-CH-UA-Platform"].ToString(), headers.UserAgent.ToString());

    public static BrowserDescription Of(string? clientHintBrands, string? clientHintPlatform, string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = FromBrands(clientHintBrands) ?? FromUserAgent(ua);
        var system = Unquote(clientHintPlatform) is { Length: > 0 and <= 40 } platform && IsText(platform) ? platform : SystemFromUserAgent(ua);
        return new BrowserDescription(browser, system);
    }

    /// <summary>
    /// <c>Sec-CH-UA: "Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"</c>: the first brand that is
    /// neither the engine nor the deliberately meaningless GREASE brand (User-Agent Client Hints §6.1).
    /// </summary>
    private static string? FromBrands(string? brands)
    {
        if (string.IsNullOrWhiteSpace(brands) || brands.Length > 500)
        {
            return null;
        }
        // Structured-field strings (RFC 8941 §3.3.3): the GREASE brand may hold ';' or ',' inside its quotes.
        var names = BrandPattern().Matches(brands).Select(m => m.Groups["name"].Value).Where(IsText).ToList();
        var named = names.FirstOrDefault(n => n != "Chromium" && !n.Contains("Brand", StringComparison.OrdinalIgnoreCase));
        return named ?? names.FirstOrDefault(n => n == "Chromium");
    }

    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    private static string FromUserAgent(string ua) =>
        ua.Contains("Edg/", StringComparison.Ordinal) ? "Microsoft Edge"
        : ua.Contains("OPR/", StringComparison.Ordinal) ? "Opera"
        : ua.Contains("Firefox/", StringComparison.Ordinal) || ua.Contains("FxiOS/", StringComparison.Ordinal) ? "Firefox"
        : ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("CriOS/", StringComparison.Ordinal) ? "Chrome"
        : ua.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
        : Unknown;

    // iPhone and Android user agents also say "Mac OS X" and "Linux".
    private static string SystemFromUserAgent(string ua) =>
        ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "iOS"
        : ua.Contains("Android", StringComparison.Ordinal) ? "Android"
        : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
        : ua.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
        : ua.Contains("CrOS", StringComparison.Ordinal) ? "Chrome OS"
        : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
        : Unknown;

    private static string? Unquote(string? value) => value?.Trim().Trim('"');

    /// <summary>
    /// A hint is stored with the session and shown on My sessions: one holding a control character (which a header
    /// may carry, an escape say) is not a name, as such a character is refused in any query or form (SPEC rule 13).
    /// </summary>
    private static bool IsText(string hint) => Shared.Hosting.UrlEncoding.CheckText(hint) is null;

    [GeneratedRegex("\"(?<name>[^\"]{1,60})\"\\s*;\\s*v=")]
    private static partial Regex BrandPattern();
}
