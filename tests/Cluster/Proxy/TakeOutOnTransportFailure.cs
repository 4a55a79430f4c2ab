using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace SsoSuite.Cluster.Proxy;

/// <summary>
/// Passive health: an instance that could not be reached is taken out at once, until the active check finds it
/// healthy again. YARP's own TransportFailureRate policy waits for ten requests in a minute and a 30 % failure
/// rate, so a killed instance would keep getting its turn (and a POST, which is never retried, a 502) meanwhile.
/// </summary>
public sealed class TakeOutOnTransportFailure(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "TakeOutOnTransportFailure";

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.GetForwarderErrorFeature()?.Error is ForwarderError.Request or ForwarderError.RequestTimedOut)
        {
            var period = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? TimeSpan.FromSeconds(2);
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
        }
    }
}
