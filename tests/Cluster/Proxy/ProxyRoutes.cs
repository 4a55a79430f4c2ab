using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace SsoSuite.Cluster.Proxy;

/// <summary>The instances behind the proxy (section <c>Proxy</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The instances' base URLs, e.g. http://127.0.0.1:5101.</summary>
    public List<string> Instances { get; set; } = [];

    /// <summary>How often each instance's <c>/health</c> is asked.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>One route for every path, to one cluster of instances.</summary>
public static class ProxyRoutes
{
    public const string ClusterId = "instances";

    public static RouteConfig CatchAll { get; } = new()
    {
        RouteId = "all",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**path}" },
        // The instances see the Host the browser used (cookies, redirects and the issuer stay right), and
        // X-Forwarded-For/-Proto (YARP's default) for the client's address and scheme.
        Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
    };

    public static ClusterConfig Instances(ProxyOptions options) => new()
    {
        ClusterId = ClusterId,
        // No session affinity: any instance answers any request of a journey, which is what the shared store is for.
        LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthInterval,
                Timeout = TimeSpan.FromSeconds(1),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/health",
            },
            // An instance that fails a request is taken out at once, until the active check finds it healthy again.
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = TakeOutOnTransportFailure.PolicyName,
                ReactivationPeriod = options.HealthInterval,
            },
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
        },
        Destinations = options.Instances.Select((url, i) => (url, i))
            .ToDictionary(d => "instance-" + (d.i + 1), d => new DestinationConfig { Address = d.url, Health = d.url }),
    };
}
