using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SsoSuite.Bms.Tests.Accounts;

/// <summary>A page as the browser ended on it, after following BMS's redirects.</summary>
public sealed record BmsPage(Uri Url, HttpStatusCode Status, string Html)
{
    public string Path => Url.AbsolutePath;

    public string? TestId(string id) =>
        Regex.Match(Html, $"data-testid=\"{Regex.Escape(id)}\"[^>]*>([^<]*)<") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim()
            : null;

    public bool Has(string testId) => Html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);
}

/// <summary>Drives BMS's own forms like a browser: cookies kept, redirects followed, anti-forgery tokens sent.</summary>
public sealed partial class BmsBrowser(WebApplicationFactory<BmsApp> factory) : IDisposable
{
    public const string Password = "Demo!Pass2026";
    private static readonly Func<CookieContainer, WebApplicationFactory<BmsApp>, HttpClient> NewClient = (cookies, app) =>
        app.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler(),
            new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));

    private readonly (CookieContainer Cookies, HttpClient Http) state = NewState(factory);

    public CookieContainer Cookies => state.Cookies;
    private HttpClient http => state.Http;

    private static (CookieContainer, HttpClient) NewState(WebApplicationFactory<BmsApp> app)
    {
        var cookies = new CookieContainer();
        return (cookies, NewClient(cookies, app));
    }

    public HttpClient Http => http;

    public async Task<BmsPage> OpenAsync(string path) => await PageAsync(await http.GetAsync(path));

    public async Task<BmsPage> SubmitAsync(BmsPage form, IDictionary<string, string> fields, string? action = null)
    {
        var values = new Dictionary<string, string>(fields);
        foreach (Match hidden in HiddenInput().Matches(form.Html))
        {
            values.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        if (Antiforgery().Match(form.Html) is { Success: true } token)
        {
            values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        }
        return await PageAsync(await http.PostAsync(action ?? form.Url.PathAndQuery, new FormUrlEncodedContent(values)));
    }

    public async Task<BmsPage> LogInAsync(string company, string userName, string password = Password) =>
        await SubmitAsync(await OpenAsync("/Accounts/Login"), new Dictionary<string, string>
        {
            ["Company"] = company, ["UserName"] = userName, ["Password"] = password,
        });

    public async Task<BmsPage> LogOutAsync(BmsPage anyPage) =>
        await SubmitAsync(anyPage, new Dictionary<string, string>(), action: "/Accounts/Logout");

    /// <summary>A cookie's value, as another client could steal it.</summary>
    public string? Cookie(string name) => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    private static async Task<BmsPage> PageAsync(HttpResponseMessage response) =>
        new(response.RequestMessage!.RequestUri!, response.StatusCode, await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<input type=\"hidden\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    public void Dispose() => http.Dispose();
}

/// <summary>One BMS (fresh demo data, hand-moved clock) shared by a test class.</summary>
public sealed class BmsFixture : IDisposable
{
    public Api.ApiFactory App { get; } = new();

    public void Dispose() => App.Dispose();
}
