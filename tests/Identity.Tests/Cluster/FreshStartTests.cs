using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SsoSuite.Identity.Tests.Support;
using SsoSuite.Testing.Mfa;

namespace SsoSuite.Identity.Tests.Cluster;

/// <summary>
/// A cluster's first start: two instances started together on a PostgreSQL server where their database does not exist
/// yet. One creates and migrates it, the key ring's table too, under the start-up lock while the other waits; nothing
/// reads the key ring before that, so neither logs a key-ring error on the way.
/// </summary>
public sealed class FreshStartTests
{
    [PostgresFact]
    public async Task Journey_TwoInstancesStartingOnAnEmptyServer_ReadTheKeyRingOnlyOnceItExists_AndBothAnswer()
    {
        var database = TestPostgres.NewDatabase();
        var logs = new FakeLoggerProvider();
        var authenticator = new Authenticator();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = database };
        var a = IdentityFactory.On(null, settings, authenticator);
        var b = IdentityFactory.On(null, settings, authenticator);
        try
        {
            var (atA, atB) = (Logged(a, logs), Logged(b, logs));

            await Task.WhenAll(Task.Run(() => atA.Server), Task.Run(() => atB.Server));

            // What read the key ring early logged errors from Data Protection and from its queries of the missing table.
            var keyRingErrors = logs.Collector.GetSnapshot()
                .Where(r => r.Level >= LogLevel.Error
                            && (r.Category?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) == true
                                || r.Message.Contains("\"DataProtectionKeys\"", StringComparison.Ordinal)
                                || r.Message.Contains("KeyRingDbContext", StringComparison.Ordinal)))
                .Select(r => $"{r.Category}: {r.Message} {r.Exception?.Message}").ToList();
            Assert.True(keyRingErrors.Count == 0, string.Join(Environment.NewLine, keyRingErrors));
            Assert.Equal("Healthy", await atA.CreateClient().GetStringAsync("/health"));
            Assert.Equal("Healthy", await atB.CreateClient().GetStringAsync("/health"));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            TestPostgres.Drop(database);
        }
    }

    private static WebApplicationFactory<IdentityApp> Logged(IdentityFactory instance, FakeLoggerProvider logs) =>
        instance.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
}
