using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace SsoSuite.Cluster.Proxy;

/// <summary>The proxy's services and pipeline, as <c>./run cluster</c> runs them and the cluster browser tests host them.</summary>
public static class InstancesProxy
{
    public static WebApplicationBuilder AddInstancesProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.Section))
            .Validate(o => o.Instances.Count > 0 && o.Instances.All(i => Uri.TryCreate(i, UriKind.Absolute, out _)),
                "Proxy:Instances needs at least one absolute URL.")
            .ValidateOnStart();
        builder.Services.AddReverseProxy();
        // The routes are made from the validated options when YARP first asks for them, never from the raw section.
        builder.Services.AddSingleton<IProxyConfigProvider>(services => new InMemoryConfigProvider(
            [ProxyRoutes.CatchAll], [ProxyRoutes.Instances(services.GetRequiredService<IOptions<ProxyOptions>>().Value)]));
        builder.Services.AddSingleton<Yarp.ReverseProxy.Health.IPassiveHealthCheckPolicy, TakeOutOnTransportFailure>();
        return builder;
    }

    public static WebApplication MapInstancesProxy(this WebApplication app)
    {
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<RetryOnAnotherInstance>();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }
}
