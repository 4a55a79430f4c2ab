using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace SsoSuite.Benchmarks;

/// <summary>Where a browser ended up: a KaseyaOne page, or a redirect that left KaseyaOne (to a relying party).</summary>
public sealed record Landing(HttpStatusCode Status, Uri Url, string Html, Uri? LeftTo);

/// <summary>
/// A browser without a browser: keeps its own cookies per site (so that many users share one connection pool),
/// follows redirects between KaseyaOne and the other sites it was told about (BMS), and posts the sites' real
/// forms with their anti-forgery token and hidden fields, as tests/Identity.Tests/Support/K1Browser does in process.
/// A redirect to any other site ends the walk (a relying party's callback the harness reads the code from).
/// </summary>
public sealed partial class K1Browser(HttpClient http, params Uri[] otherSites)
{
    private readonly Dictionary<string, Dictionary<string, string>> cookies = new(StringComparer.Ordinal);

    public Task<Landing> OpenAsync(string pathOrUrl, CancellationToken ct) =>
        FollowAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(http.BaseAddress!, pathOrUrl)), ct);

    /// <summary>Posts the form of <paramref name="page"/> back to its own URL with these fields.</summary>
    public Task<Landing> SubmitAsync(Landing page, IDictionary<string, string> fields, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Antiforgery(page.Html) };
        foreach (Match hidden in HiddenInput().Matches(page.Html))
        {
            values.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        return FollowAsync(new HttpRequestMessage(HttpMethod.Post, page.Url) { Content = new FormUrlEncodedContent(values) }, ct);
    }

    private bool Knows(Uri url) =>
        url.Authority == http.BaseAddress!.Authority || otherSites.Any(site => site.Authority == url.Authority);

    public async Task<Landing> FollowAsync(HttpRequestMessage request, CancellationToken ct)
    {
        for (var hops = 0; hops < 12; hops++)
        {
            var url = new Uri(http.BaseAddress!, request.RequestUri!);
            request.RequestUri = url;
            if (cookies.TryGetValue(url.Authority, out var jar) && jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
            }
            Uri next;
            try
            {
                using var response = await http.SendAsync(request, ct);
                Remember(url, response);
                var location = response.Headers.Location;
                if (location is null || (int)response.StatusCode is < 300 or >= 400)
                {
                    return new Landing(response.StatusCode, url, await response.Content.ReadAsStringAsync(ct), null);
                }
                next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!Knows(next))
                {
                    return new Landing(response.StatusCode, url, "", next);
                }
            }
            finally
            {
                request.Dispose();
            }
            request = new HttpRequestMessage(HttpMethod.Get, next);
        }
        request.Dispose();
        throw new InvalidOperationException("Too many redirects.");
    }

    private void Remember(Uri url, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            return;
        }
        if (!cookies.TryGetValue(url.Authority, out var jar))
        {
            cookies[url.Authority] = jar = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        foreach (var header in setCookies)
        {
            var pair = header.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var name = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
            if (expired || value.Length == 0)
            {
                jar.Remove(name);
            }
            else
            {
                jar[name] = value;
            }
        }
    }

    /// <summary>The secret shown under "Show secret key for manual configuration" on the enrolment page.</summary>
    public static string SecretOn(Landing page) =>
        SecretKey().Match(page.Html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim()
            : throw new InvalidOperationException("No secret key on " + page.Url);

    private static string Antiforgery(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The page has no form with an anti-forgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("<input type=\"hidden\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("data-testid=\"secret-key\"[^>]*>([^<]*)<")]
    private static partial Regex SecretKey();
}

/// <summary>What a relying party does: an authorization request with PKCE, then the code's redemption.</summary>
public sealed class PkceRequest
{
    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));
    public string State { get; } = Base64Url(RandomNumberGenerator.GetBytes(12));

    public string AuthorizeUrl(string clientId, string redirectUri) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile email roles k1_tenant offline_access",
            ["state"] = State,
            ["nonce"] = State,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))),
            ["code_challenge_method"] = "S256",
        });

    /// <summary>The code from the redirect back to the client, when it carries this request's state.</summary>
    public string? CodeFrom(Landing landing, string redirectUri)
    {
        if (landing.LeftTo is not { } back || !back.ToString().StartsWith(redirectUri, StringComparison.Ordinal))
        {
            return null;
        }
        var query = QueryHelpers.ParseQuery(back.Query);
        return query.TryGetValue("state", out var state) && state == State && query.TryGetValue("code", out var code)
            ? code.ToString()
            : null;
    }

    public HttpRequestMessage Redemption(string code, string redirectUri, AuthenticationHeaderValue client) =>
        new(HttpMethod.Post, "/connect/token")
        {
            Headers = { Authorization = client },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUri,
                ["code_verifier"] = Verifier,
            }),
        };

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
