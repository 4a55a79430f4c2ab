using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SsoSuite.Cluster.Proxy;
using Yarp.ReverseProxy;

namespace SsoSuite.EndToEnd.Cluster;

/// <summary>The cluster's load balancer (<c>./run cluster</c>) is set up from its validated <c>Proxy</c> settings only.</summary>
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
}
