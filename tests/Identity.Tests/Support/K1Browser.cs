using System.Net;
using System.Text.RegularExpressions;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>A page as the browser saw it, or the redirect that left KaseyaOne (to a relying party).</summary>
public sealed record Page(Uri Url, HttpStatusCode Status, string Html, Uri? LeftTo)
{
    public bool Contains(string text) => Html.Contains(WebUtility.HtmlEncode(text), StringComparison.Ordinal)
                                         || Html.Contains(text, StringComparison.Ordinal);

    public string? TestId(string id) =>
        Regex.Match(Html, $"data-testid=\"{Regex.Escape(id)}\"[^>]*>([^<]*)<") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim()
            : null;
}

/// <summary>
/// Drives KaseyaOne's real forms over HTTP like a browser: keeps cookies, follows redirects on
/// KaseyaOne's own host, posts forms with their anti-forgery token, and stops where a redirect leaves.
/// </summary>
public sealed partial class K1Browser(HttpClient http, System.Net.CookieContainer? cookies = null) : IDisposable
{
    public System.Net.CookieContainer Cookies => cookies ?? throw new InvalidOperationException("This browser does not expose its cookies.");

    /// <summary>The value of one of this browser's cookies, as another client could steal it.</summary>
    public string? Cookie(string name) => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    public const string DemoPassword = "Demo!Pass2026";
    public HttpClient Http => http;

    public async Task<Page> OpenAsync(string url) => await FollowAsync(await http.GetAsync(url));

    public async Task<Page> SubmitAsync(Page form, IDictionary<string, string> fields, string? handler = null)
    {
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(form.Html) };
        foreach (Match hidden in HiddenInput().Matches(form.Html))
        {
            values.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        var target = handler is null ? form.Url.PathAndQuery : $"{form.Url.AbsolutePath}?handler={handler}";
        return await FollowAsync(await http.PostAsync(target, new FormUrlEncodedContent(values)));
    }

    public async Task<Page> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            var location = response.Headers.Location;
            if (location is null || (int)response.StatusCode is < 300 or >= 400)
            {
                return new Page(response.RequestMessage!.RequestUri!, response.StatusCode, await response.Content.ReadAsStringAsync(), null);
            }
            var next = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
            if (next.Host != http.BaseAddress!.Host || next.Port != http.BaseAddress.Port)
            {
                return new Page(response.RequestMessage!.RequestUri!, response.StatusCode, "", next);
            }
            response.Dispose();
            response = await http.GetAsync(next);
        }
        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>The password step: company, username, password.</summary>
    public async Task<Page> EnterPasswordAsync(string company, string userName, string password = DemoPassword, string? returnUrl = null)
    {
        var login = await OpenAsync("/Accounts/Login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        return await SubmitPasswordAsync(login, company, userName, password);
    }

    public Task<Page> SubmitPasswordAsync(Page login, string company, string userName, string password = DemoPassword) =>
        SubmitAsync(login, new Dictionary<string, string>
        {
            ["Form.Company"] = company,
            ["Form.UserName"] = userName,
            ["Form.Password"] = password,
        });

    public Task<Page> SubmitCodeAsync(Page codePage, string code) =>
        SubmitAsync(codePage, new Dictionary<string, string> { ["Code"] = code });

    /// <summary>The secret shown under "Show secret key for manual configuration".</summary>
    public static string SecretOn(Page enrolPage) =>
        enrolPage.TestId("secret-key") ?? throw new InvalidOperationException("No secret key on " + enrolPage.Url);

    /// <summary>
    /// A complete sign-in with password and code, enrolling the account first if needed; returns the page
    /// reached and the account's authenticator secret.
    /// </summary>
    public async Task<(Page Page, string Secret)> SignInAsync(
        string company, string userName, string? knownSecret = null, string? returnUrl = null, Page? startAt = null)
    {
        var afterPassword = startAt is null
            ? await EnterPasswordAsync(company, userName, returnUrl: returnUrl)
            : await SubmitPasswordAsync(startAt, company, userName);
        if (afterPassword.Url.AbsolutePath == "/Mfa/Enrol")
        {
            var secret = SecretOn(afterPassword);
            return (await SubmitCodeAsync(afterPassword, Authenticator.NextCode(secret)), secret);
        }
        if (afterPassword.Url.AbsolutePath != "/Mfa/Code" || knownSecret is null)
        {
            throw new InvalidOperationException($"Expected the code step, got {afterPassword.Url} ({afterPassword.Status}).");
        }
        return (await SubmitCodeAsync(afterPassword, Authenticator.NextCode(knownSecret)), knownSecret);
    }

    private static string AntiforgeryToken(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The page has no form with an anti-forgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("<input type=\"hidden\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    public void Dispose() => http.Dispose();
}
