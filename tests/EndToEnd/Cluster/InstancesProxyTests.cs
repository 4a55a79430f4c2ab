using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SsoSuite.Cluster.Proxy;
using Yarp.ReverseProxy;

namespace SsoSuite.EndToEnd.Cluster;

/// <summary>
/// The cluster's load balancer (<c>./run cluster</c>): set up from its validated <c>Proxy</c> settings only, and sending
/// a request that could not reach its instance on to the other.
/// </summary>
public sealed class InstancesProxyTests
{
    private static async Task<WebApplication> StartAsync(params string[] instances)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.CreateTempSubdirectory("ssosuite-proxy-").FullName,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        for (var i = 0; i < instances.Length; i++)
        {
            builder.Configuration[$"{ProxyOptions.Section}:Instances:{i}"] = instances[i];
        }
        builder.AddInstancesProxy();
        var proxy = builder.Build();
        proxy.MapInstancesProxy();
        await proxy.StartAsync();
        return proxy;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1:5101")]
    public async Task Cluster_AProxyWithoutValidInstancesStopsAtStartWithTheValidationMessage(string? instance)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(instance is null ? [] : [instance]));

        Assert.Contains("Proxy:Instances needs at least one absolute URL.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_TheConfiguredInstancesAreTheProxysDestinations()
    {
        await using var proxy = await StartAsync("http://127.0.0.1:9/", "http://127.0.0.1:7/");

        var cluster = proxy.Services.GetRequiredService<IProxyStateLookup>().GetClusters().Single();

        Assert.Equal(["http://127.0.0.1:7/", "http://127.0.0.1:9/"],
            cluster.Destinations.Values.Select(d => d.Model.Config.Address).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cluster_AGetThatMeetsAKilledInstance_IsAnsweredByTheOther()
    {
        var (port1, port2) = (LoopbackPort.Free(), LoopbackPort.Free());
        var killed = await StartInstanceAsync("instance-1", port1);
        await using var survivor = await StartInstanceAsync("instance-2", port2);
        // The active check comes round only after the requests below: what takes the killed instance out is the request
        // that meets it, which must still be answered.
        await using var proxy = await ClusterProxy.StartAsync(LoopbackPort.Free(), [port1, port2],
            Directory.CreateTempSubdirectory("ssosuite-proxy-").FullName, healthInterval: TimeSpan.FromMinutes(5));
        using var http = new HttpClient { BaseAddress = proxy.Url };
        await killed.StopAsync(new CancellationToken(canceled: true));
        await killed.DisposeAsync();

        // Round-robin over both instances: one of two requests in a row goes to the killed one.
        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 2; i++)
        {
            using var answer = await http.GetAsync("/Accounts/Login");
            answers.Add((answer.StatusCode, await answer.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "instance-2"), a));
    }

    /// <summary>A stand-in for an app instance on a loopback port: healthy, and answering every GET with its name.</summary>
    private static async Task<WebApplication> StartInstanceAsync(string name, int port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.CreateTempSubdirectory("ssosuite-instance-").FullName,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapGet("/{**path}", () => name);
        await app.StartAsync();
        return app;
    }
}
