using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SsoSuite.Cluster.Proxy;
using Yarp.ReverseProxy;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// The cluster's proxy (<c>tests/Cluster/Proxy</c>: its routes, health checks and retry, as <c>./run cluster</c> runs
/// it) hosted in process on a loopback port in front of some instances, round-robin with no affinity, recording in
/// <see cref="Log"/> which instance answered each request.
/// </summary>
public sealed class ClusterProxy : IAsyncDisposable
{
    private readonly WebApplication app;

    private ClusterProxy(WebApplication app, Uri url, ProxyLog log)
    {
        this.app = app;
        Url = url;
        Log = log;
    }

    public Uri Url { get; }

    /// <summary>What the proxy sent where: destinations <c>instance-1</c>, <c>instance-2</c>… in the order of the instances given.</summary>
    public ProxyLog Log { get; }

    /// <param name="contentRoot">An empty folder: the apps' appsettings files copied beside the tests are not the proxy's.</param>
    /// <param name="healthInterval">How often each instance's /health is asked (the proxy's own default when null).</param>
    public static async Task<ClusterProxy> StartAsync(int port, IReadOnlyList<int> instancePorts, string contentRoot,
        ProxyLog? log = null, TimeSpan? healthInterval = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.CreateDirectory(contentRoot).FullName,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        for (var i = 0; i < instancePorts.Count; i++)
        {
            builder.Configuration[$"{ProxyOptions.Section}:Instances:{i}"] = $"http://127.0.0.1:{instancePorts[i]}";
        }
        if (healthInterval is { } interval)
        {
            builder.Configuration[$"{ProxyOptions.Section}:HealthInterval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        builder.AddInstancesProxy();
        var app = builder.Build();
        log ??= new ProxyLog();
        app.Use(log.RecordAsync);
        app.MapInstancesProxy();
        await app.StartAsync();
        return new ClusterProxy(app, new Uri($"http://127.0.0.1:{port}"), log);
    }

    /// <summary>The instances the proxy currently sends requests to (health checks passed, not taken out).</summary>
    public IReadOnlyList<string> Available()
    {
        var state = app.Services.GetRequiredService<IProxyStateLookup>();
        return state.TryGetCluster(ProxyRoutes.ClusterId, out var cluster)
            ? [.. cluster.DestinationsState.AvailableDestinations.Select(d => d.DestinationId).Order()]
            : [];
    }

    /// <summary>
    /// Waits, up to <paramref name="timeout"/>, until the proxy's health checks have taken <paramref name="instance"/> out
    /// of the rotation, as they do for an instance that stopped answering.
    /// </summary>
    public async Task WaitUntilTakenOutAsync(string instance, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Available().Contains(instance))
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The proxy still sends requests to {instance} after {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
