using System.Net;
using System.Text.RegularExpressions;
using OtpNet;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>A page as the browser saw it.</summary>
public sealed record SuitePage(Uri Url, HttpStatusCode Status, string Html)
{
    public string? TestId(string id) =>
        Regex.Match(Html, $"data-testid=\"{Regex.Escape(id)}\"[^>]*>([^<]*)<") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim()
            : null;

    public bool Has(string testId) => Html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);

    public string Path => Url.AbsolutePath;
}

/// <summary>
/// A browser across both apps: one cookie jar, redirects followed from host to host, forms posted with
/// their anti-forgery token, and an authenticator app that remembers each KaseyaOne account's secret.
/// </summary>
public sealed partial class SuiteBrowser(SuiteHosts hosts)
{
    public const string Password = "Demo!Pass2026";
    public CookieContainer Cookies { get; } = new();
    /// <summary>KaseyaOne secrets, shared by all browsers of the suite (one per K1 account).</summary>
    private static readonly Dictionary<string, (string Secret, long LastStep)> Secrets = new();

    public async Task<SuitePage> OpenAsync(string url) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, Absolute(url)));

    public async Task<SuitePage> SubmitAsync(SuitePage page, IDictionary<string, string> fields, string? action = null)
    {
        var values = new Dictionary<string, string>(fields);
        if (AntiforgeryInput().Match(page.Html) is { Success: true } token)
        {
            values.TryAdd("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value));
        }
        foreach (Match hidden in HiddenInput().Matches(page.Html))
        {
            values.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        var target = action is null ? page.Url : new Uri(page.Url, action);
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) });
    }

    private async Task<SuitePage> SendAsync(HttpRequestMessage request)
    {
        for (var hops = 0; hops < 30; hops++)
        {
            using var client = new HttpClient(new CookieHandler(Cookies, hosts.HandlerFor(request.RequestUri!)));
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                request = new HttpRequestMessage(HttpMethod.Get, location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location));
                continue;
            }
            return new SuitePage(request.RequestUri!, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>KaseyaOne's sign-in pages: password, then enrolment (first time) or the code.</summary>
    public async Task<SuitePage> SignInAtKaseyaOneAsync(SuitePage login, string company, string userName)
    {
        Assert.Equal("/Accounts/Login", login.Path);
        Assert.Equal("k1.test", login.Url.Host);
        var next = await SubmitAsync(login, new Dictionary<string, string>
        {
            ["Form.Company"] = company, ["Form.UserName"] = userName, ["Form.Password"] = Password,
        });
        var key = company + "/" + userName;
        hosts.BeforeCode();
        if (next.Path == "/Mfa/Enrol")
        {
            var secret = next.TestId("secret-key")!;
            lock (Secrets)
            {
                Secrets[key] = (secret, 0);
            }
            return await SubmitAsync(next, new Dictionary<string, string> { ["Code"] = NextCode(key) });
        }
        if (next.Path == "/Mfa/Code")
        {
            return await SubmitAsync(next, new Dictionary<string, string> { ["Code"] = NextCode(key) });
        }
        return next;
    }

    /// <summary>BMS's own login page: company, username, password.</summary>
    public async Task<SuitePage> LogInToBmsAsync(string company, string userName)
    {
        var login = await OpenAsync(SuiteHosts.Bms + "/Accounts/Login");
        return await SubmitAsync(login, new Dictionary<string, string>
        {
            ["Company"] = company, ["UserName"] = userName, ["Password"] = Password,
        });
    }

    /// <summary>A code for a step after the last one used for this account (each code works once).</summary>
    private static string NextCode(string key)
    {
        lock (Secrets)
        {
            var (secret, last) = Secrets[key];
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var step = Math.Max(now, last + 1);
            while (step > DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 + 1)
            {
                Thread.Sleep(500);
            }
            Secrets[key] = (secret, step);
            return new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
        }
    }

    public string? Cookie(string host, string name) =>
        Cookies.GetCookies(new Uri("http://" + host)).FirstOrDefault(c => c.Name == name)?.Value;

    private static Uri Absolute(string url) => new(url, UriKind.Absolute);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("<input type=\"hidden\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    /// <summary>Keeps cookies per host, as a browser does.</summary>
    private sealed class CookieHandler(CookieContainer cookies, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0)
            {
                request.Headers.Remove("Cookie");
                request.Headers.Add("Cookie", header);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    cookies.SetCookies(request.RequestUri!, setCookie);
                }
            }
            return response;
        }
    }
}
