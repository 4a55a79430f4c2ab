using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Who this process is in metrics and traces (<c>service.name</c>, <c>service.instance.id</c>), and how the app's own
/// meters and counters are named: a meter per feature (<c>kaseyaone.accounts</c>), counters under the service's name
/// (<c>kaseyaone.signins</c>).
/// </summary>
public sealed record AppTelemetry(string ServiceName, string InstanceId)
{
    public Meter CreateMeter(IMeterFactory meters, string feature) => meters.Create($"{ServiceName}.{feature}");

    public string Instrument(string name) => $"{ServiceName}.{name}";
}

/// <summary>The <c>Telemetry</c> settings: where metrics and traces go. Without an endpoint nothing is collected or sent.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";
    /// <summary>The standard variable an OpenTelemetry collector's address usually comes in.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string InstanceIdVariable = "OTEL_SERVICE_INSTANCE_ID";

    /// <summary>The OTLP collector (e.g. <c>http://collector:4317</c>); else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318) for <see cref="OtlpEndpoint"/>.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// SQL text in database spans (literals replaced by placeholders). Off by default: a span then names the operation
    /// and table only, which is enough to see which query was slow, and no statement text leaves the process.
    /// </summary>
    public bool DatabaseStatements { get; set; }

    internal static bool IsEndpoint(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>
/// The <c>Telemetry</c> settings' rules, written once: run on the options at start, and on the early read that decides
/// whether OpenTelemetry is registered at all.
/// </summary>
/// <param name="standardEndpoint">The value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, which the exporter reads itself.</param>
internal sealed class TelemetryOptionsValidation(string? standardEndpoint) : IValidateOptions<TelemetryOptions>
{
    public bool HasStandardEndpoint => TelemetryOptions.IsEndpoint(standardEndpoint);

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (options.OtlpEndpoint is not null && !TelemetryOptions.IsEndpoint(options.OtlpEndpoint))
        {
            failures.Add("Telemetry:OtlpEndpoint must be the collector's absolute http(s) URL.");
        }
        if (!string.IsNullOrEmpty(standardEndpoint) && !HasStandardEndpoint)
        {
            failures.Add(TelemetryOptions.StandardEndpointVariable + " must be the collector's absolute http(s) URL.");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

internal static class Telemetry
{
    /// <summary>
    /// OpenTelemetry metrics and traces — ASP.NET Core, HttpClient and EF Core instrumentation, the runtime's and the app's
    /// own meters — exported over OTLP when an endpoint is configured. Without one no provider is registered at all:
    /// nothing listens, so the instrumentation costs nothing, and the app's counters can still be read live with
    /// <c>dotnet-counters</c>.
    /// </summary>
    public static void AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        var identity = new AppTelemetry(serviceName,
            configuration[TelemetryOptions.InstanceIdVariable] is { Length: > 0 } instance
                ? instance
                : $"{Environment.MachineName}-{Environment.ProcessId}");
        builder.Services.AddSingleton(identity);
        builder.Services.AddMetrics();

        var section = configuration.GetSection(TelemetryOptions.Section);
        var rules = new TelemetryOptionsValidation(configuration[TelemetryOptions.StandardEndpointVariable]);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>>(rules);

        // Whether a provider is registered at all is decided now, before the options exist: the section is read here
        // and held to the same rules the options are, so an invalid value stops the start here with the same message.
        var settings = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (rules.Validate(Options.DefaultName, settings) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TelemetryOptions), invalid.Failures);
        }
        var configured = TelemetryOptions.IsEndpoint(settings.OtlpEndpoint);
        if (!configured && !rules.HasStandardEndpoint)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: identity.InstanceId,
                autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("System.Runtime", "Microsoft.EntityFrameworkCore", "Npgsql", serviceName + ".*"))
            .WithTracing(tracing => tracing
                // The proxies' health probes (every few seconds per instance) would drown the traces that matter.
                // Query string values (codes, state) are redacted by the instrumentation itself.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(ServiceDefaults.HealthPath))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation(o =>
                {
                    if (!settings.DatabaseStatements)
                    {
                        o.EnrichWithIDbCommand = static (span, _) => span.SetTag("db.statement", null).SetTag("db.query.text", null);
                    }
                }));
        if (configured)
        {
            telemetry.UseOtlpExporter(settings.OtlpProtocol, new Uri(settings.OtlpEndpoint!));
        }
        else
        {
            // The standard OTEL_EXPORTER_OTLP_* variables (protocol, headers, timeout) as the exporter reads them.
            telemetry.UseOtlpExporter();
        }
    }
}
