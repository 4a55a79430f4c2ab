using SsoSuite.Cluster.Proxy;

// The load balancer in front of several instances of one app (./run cluster): round-robin with no session
// affinity, active and passive health checks, and an idempotent request retried on another instance when the
// one it went to cannot be reached. A stand-in for the operator's own load balancer, not part of either app.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.Section))
    .Validate(o => o.Instances.Count > 0 && o.Instances.All(i => Uri.TryCreate(i, UriKind.Absolute, out _)),
        "Proxy:Instances needs at least one absolute URL.")
    .ValidateOnStart();
var options = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
builder.Services.AddReverseProxy().LoadFromMemory([ProxyRoutes.CatchAll], [ProxyRoutes.Instances(options)]);

var app = builder.Build();
app.MapReverseProxy(pipeline =>
{
    pipeline.UseMiddleware<RetryOnAnotherInstance>();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
});
app.Run();
