using SsoSuite.Cluster.Proxy;

// The load balancer in front of several instances of one app (./run cluster): round-robin with no session
// affinity, active and passive health checks, and an idempotent request retried on another instance when the
// one it went to cannot be reached. A stand-in for the operator's own load balancer, not part of either app.
var builder = WebApplication.CreateBuilder(args);
// Its log is what goes wrong (an instance unreachable, a failed health check) and where it listens, not every request.
// Hosting's per-request category off altogether: while it is on at any level, every request also gets an activity and a
// log scope that nothing here reads.
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information)
    .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
builder.AddInstancesProxy();

var app = builder.Build();
app.MapInstancesProxy();
app.Run();
