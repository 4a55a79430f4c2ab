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
        var options = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.AddReverseProxy().LoadFromMemory([ProxyRoutes.CatchAll], [ProxyRoutes.Instances(options)]);
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
