using System.Net;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Testing.Browsing;

/// <summary>
/// A browser without a browser, for KaseyaOne's and BMS's real forms: one cookie jar across the sites it knows,
/// redirects followed between them, forms posted back with their hidden fields and anti-forgery token. A redirect to
/// any other site ends the walk (<see cref="Page.LeftTo"/>): a relying party's callback, read by the test.
/// </summary>
/// <remarks>
/// The cookies are this browser's own, not the transport's, so many browsers can share one connection pool
/// (the benchmark harness) or one in-process test server.
/// </remarks>
public sealed class FormBrowser : IDisposable
{
    private const int MaxRedirects = 30;
    private readonly HttpMessageInvoker server;
    private readonly Uri home;
    private readonly Uri[] otherSites;
    private HttpClient? http;

    /// <param name="server">What carries the requests: a test server's handler, a site router, or a real client.</param>
    /// <param name="home">The site relative URLs are resolved against.</param>
    /// <param name="otherSites">Further sites whose redirects are followed (BMS beside KaseyaOne).</param>
    public FormBrowser(HttpMessageInvoker server, Uri home, params Uri[] otherSites)
    {
        this.server = server;
        this.home = home;
        this.otherSites = otherSites;
    }

    /// <summary>This browser's cookie jar; two browsers given one jar are one browser talking to two servers (instances).</summary>
    public CookieContainer Cookies { get; init; } = new();

    /// <summary>The user's authenticator app, for the code steps of KaseyaOne's and BMS's sign-in (on the apps' clock).</summary>
    public Authenticator? Authenticator { get; init; }

    /// <summary>An HTTP client that sends and keeps this browser's cookies, for requests a page would not make.</summary>
    public HttpClient Http => http ??= new HttpClient(new ThroughBrowser(this)) { BaseAddress = home };

    /// <summary>The value of one of this browser's cookies on any site, as another client could steal it.</summary>
    public string? Cookie(string name) => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    /// <summary>The value of a cookie this browser holds for one site.</summary>
    public string? Cookie(Uri site, string name) => Cookies.GetCookies(site).FirstOrDefault(c => c.Name == name)?.Value;

    public Task<Page> OpenAsync(string pathOrUrl, CancellationToken ct = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(home, pathOrUrl)), ct);

    /// <summary>
    /// Posts <paramref name="form"/>'s form with these fields (they win over the page's hidden ones) to the page's own
    /// URL, or to <paramref name="action"/> resolved against it (a path, or <c>?handler=…</c>).
    /// </summary>
    public Task<Page> SubmitAsync(Page form, IDictionary<string, string> fields, string? action = null, CancellationToken ct = default)
    {
        var values = new Dictionary<string, string>(fields);
        foreach (var (name, value) in form.HiddenFields())
        {
            values.TryAdd(name, value);
        }
        var target = action is null ? form.Url : new Uri(form.Url, action);
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) }, ct);
    }

    /// <summary>Sends a request with this browser's cookies and follows its redirects among the known sites.</summary>
    public async Task<Page> SendAsync(HttpRequestMessage request, CancellationToken ct = default)
    {
        for (var hops = 0; hops < MaxRedirects; hops++)
        {
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(home, request.RequestUri);
            request.RequestUri = url;
            Uri next;
            using (request)
            using (var response = await SendOnceAsync(request, ct))
            {
                if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
                {
                    return new Page(url, response.StatusCode, await response.Content.ReadAsStringAsync(ct));
                }
                next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!Knows(next))
                {
                    return new Page(url, response.StatusCode, "", next);
                }
            }
            request = new HttpRequestMessage(HttpMethod.Get, next);
        }
        request.Dispose();
        throw new InvalidOperationException("Too many redirects.");
    }

    private bool Knows(Uri url) => url.Authority == home.Authority || otherSites.Any(site => site.Authority == url.Authority);

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var url = request.RequestUri!;
        var header = Cookies.GetCookieHeader(url);
        if (header.Length > 0)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", header);
        }
        var response = await server.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(url, setCookie);
            }
        }
        return response;
    }

    public void Dispose() => http?.Dispose();

    /// <summary>Lets <see cref="Http"/> go through this browser's cookie jar, without following redirects.</summary>
    private sealed class ThroughBrowser(FormBrowser browser) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            browser.SendOnceAsync(request, cancellationToken);
    }
}
