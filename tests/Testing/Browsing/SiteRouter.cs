namespace SsoSuite.Testing.Browsing;

/// <summary>
/// Several in-process apps as the sites of one machine: each request goes to the test server of its URL's
/// authority, so a <see cref="FormBrowser"/> can walk from one app to the other as a browser does.
/// </summary>
public sealed class SiteRouter(IReadOnlyDictionary<string, Func<HttpMessageHandler>> sites) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!sites.TryGetValue(request.RequestUri!.Authority, out var site))
        {
            throw new InvalidOperationException("The browser left the suite for " + request.RequestUri);
        }
        using var invoker = new HttpMessageInvoker(site(), disposeHandler: false);
        return await invoker.SendAsync(request, cancellationToken);
    }
}
