using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SsoSuite.Identity.Tests.Support;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>Metrics and traces (README, Observability): exported to a configured collector only, naming the instance.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Observability_WithoutAnEndpointNothingIsCollectedOrExported()
    {
        await using var factory = new IdentityFactory();
        _ = factory.Server;

        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Observability_AConfiguredCollectorReceivesTracesAndMetricsNamingTheServiceAndItsInstance()
    {
        await using var collector = await FakeCollector.StartAsync();
        await using var factory = IdentityFactory.On(null, new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.Endpoint.ToString(),
            ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
            ["OTEL_SERVICE_INSTANCE_ID"] = "identity-7",
        });
        using var browser = factory.NewBrowser();

        await browser.SignInAsync(IdentityFactory.Company, await factory.CreateAsync());
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush());

        Assert.Contains(collector.Received, r => r.Signal == "traces");
        Assert.Contains(collector.Received, r => r.Signal == "metrics");
        Assert.All(collector.Received, r =>
        {
            var body = Encoding.UTF8.GetString(r.Body);
            Assert.Contains("kaseyaone", body, StringComparison.Ordinal);
            Assert.Contains("identity-7", body, StringComparison.Ordinal);
        });
        Assert.Contains(collector.Received, r => Encoding.UTF8.GetString(r.Body).Contains("kaseyaone.signins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observability_DatabaseSpansCarryNoStatementText_AndHealthProbesAreNotTraced()
    {
        var spans = new List<Activity>();
        await using var factory = new TracedIdentityFactory(spans);
        using var browser = factory.NewBrowser();

        await browser.SignInAsync(IdentityFactory.Company, await factory.CreateAsync());
        var health = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Activity[] finished;
        lock (spans)
        {
            finished = [.. spans];
        }
        var database = finished.Where(s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(database);
        Assert.All(database, s =>
        {
            Assert.Null(s.GetTagItem("db.statement"));
            Assert.Null(s.GetTagItem("db.query.text"));
        });
        Assert.Contains(finished, s => s.GetTagItem("url.path") as string == "/Accounts/Login");
        Assert.DoesNotContain(finished, s => s.GetTagItem("url.path") as string == "/health");
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "Telemetry:OtlpEndpoint must be the collector's absolute http(s) URL.")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT must be the collector's absolute http(s) URL.")]
    public void Observability_AnEndpointThatIsNotAUrlStopsTheAppWithAClearMessage(string setting, string message)
    {
        using var factory = IdentityFactory.On(null, new Dictionary<string, string?> { [setting] = "collector:4317" });

        var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(OptionsValidationException), failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>KaseyaOne exporting to a collector that is never there, its spans also kept in memory for the test to read.</summary>
    private sealed class TracedIdentityFactory : IdentityFactory
    {
        private readonly List<Activity> spans;

        public TracedIdentityFactory(List<Activity> spans)
            : base(null, new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9/" }) => this.spans = spans;

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        }
    }
}
