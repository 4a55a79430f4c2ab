using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace SsoSuite.Testing.Hosting;

/// <summary>One request the proxy answered, and the instance (YARP destination id) that finally answered it.</summary>
public sealed record ProxiedRequest(long Order, string Method, string Path, string? Instance);

/// <summary>
/// The proxy's own record of which instance answered each request, in the order requests arrived: how the cluster
/// journeys see round-robin at work without the apps naming themselves.
/// </summary>
public sealed class ProxyLog
{
    private readonly ConcurrentQueue<ProxiedRequest> requests = new();
    private long arrived;

    public async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var order = Interlocked.Increment(ref arrived);
        try
        {
            await next(context);
        }
        finally
        {
            var instance = context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.DestinationId;
            requests.Enqueue(new ProxiedRequest(order, context.Request.Method, context.Request.Path.Value ?? "", instance));
        }
    }

    /// <summary>Where the requests from now on start: pass it to <see cref="Since"/>.</summary>
    public long Mark() => Interlocked.Read(ref arrived);

    public IReadOnlyList<ProxiedRequest> Since(long mark) => [.. requests.Where(r => r.Order > mark).OrderBy(r => r.Order)];

    public IReadOnlyList<ProxiedRequest> All => Since(0);
}
