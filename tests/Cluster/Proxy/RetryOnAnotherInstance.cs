using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace SsoSuite.Cluster.Proxy;

/// <summary>
/// When the instance a request went to cannot be reached (killed, restarting) before any answer was sent, an
/// idempotent request (RFC 9110 §9.2.2: GET, HEAD, OPTIONS…) is sent again to each other instance in turn. A POST
/// is never repeated: the instance may have acted on it before it died, and a code or a TOTP step is used once.
/// </summary>
public sealed class RetryOnAnotherInstance(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var tried = new HashSet<DestinationState>();
        var candidates = proxy.AvailableDestinations;
        while (true)
        {
            await next(context);
            if (!Unreachable(context) || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !HttpMethods.IsOptions(context.Request.Method))
            {
                return;
            }
            if (proxy.ProxiedDestination is { } failed)
            {
                tried.Add(failed);
            }
            var others = candidates.Where(d => !tried.Contains(d)).ToList();
            if (others.Count == 0)
            {
                return;
            }
            // The failed attempt left YARP's 502 on the response, which has not been sent; YARP refuses to forward
            // into a response that already has a status, so it is cleared for the next instance to fill.
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            proxy.AvailableDestinations = others;
        }
    }

    private static bool Unreachable(HttpContext context) =>
        !context.Response.HasStarted
        && context.GetForwarderErrorFeature()?.Error is ForwarderError.Request or ForwarderError.RequestTimedOut;
}
