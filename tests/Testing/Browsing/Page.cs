using System.Net;
using System.Text.RegularExpressions;

namespace SsoSuite.Testing.Browsing;

/// <summary>Where a browser ended up: a page of one of the sites it knows, or the redirect that left them.</summary>
public sealed partial record Page(Uri Url, HttpStatusCode Status, string Html, Uri? LeftTo = null)
{
    public string Path => Url.AbsolutePath;

    /// <summary>Whether the page shows this text (as typed, or HTML-encoded as Razor writes it).</summary>
    public bool Contains(string text) => Html.Contains(WebUtility.HtmlEncode(text), StringComparison.Ordinal)
                                         || Html.Contains(text, StringComparison.Ordinal);

    /// <summary>The text of the element marked <c>data-testid="<paramref name="id"/>"</c>, or null.</summary>
    public string? TestId(string id) =>
        Regex.Match(Html, $"data-testid=\"{Regex.Escape(id)}\"[^>]*>([^<]*)<") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim()
            : null;

    public bool Has(string testId) => Html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);

    /// <summary>The anti-forgery token of the page's form, if it has one.</summary>
    public string? AntiforgeryToken =>
        AntiforgeryInput().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The page's hidden inputs (anti-forgery token included), as a form post sends them back.</summary>
    public IEnumerable<KeyValuePair<string, string>> HiddenFields()
    {
        foreach (Match hidden in HiddenInput().Matches(Html))
        {
            yield return new(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        if (AntiforgeryToken is { } token)
        {
            yield return new("__RequestVerificationToken", token);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("<input type=\"hidden\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
