using System.Net;
using Microsoft.Data.Sqlite;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>
/// <c>/health</c> (both apps, <c>StoreHealthCheck</c>): Healthy while the store answers, 503 Unhealthy once it cannot, which
/// is what takes an instance out of a load balancer. It used to answer Healthy through a database outage.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_IsHealthyWhileTheStoreAnswers_AndUnhealthyOnceItCannot()
    {
        await using var factory = IdentityFactory.On(null);
        using var client = factory.CreateClient();
        var healthy = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());

        // The SQLite file's folder gone, as a lost volume would take it: no pooled connection can hide that.
        SqliteConnection.ClearAllPools();
        Directory.Delete(factory.DataFolder, recursive: true);
        var unhealthy = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
    }
}
