using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace SsoSuite.Testing.Hosting;

/// <summary>
/// What apps logged while they started, as an operator reading their output would see it: a start where nothing is
/// wrong shows no entry at Error level or above.
/// </summary>
public sealed class StartLog : IDisposable
{
    private readonly FakeLoggerProvider logs = new();

    /// <summary>The app, logging here too (as a derived factory, which its original disposes of).</summary>
    public WebApplicationFactory<TEntryPoint> Of<TEntryPoint>(WebApplicationFactory<TEntryPoint> app)
        where TEntryPoint : class =>
        app.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(logs)));

    /// <summary>Each entry at Error level or above: its category, message and exception.</summary>
    public IReadOnlyList<string> Errors => logs.Collector.GetSnapshot()
        .Where(r => r.Level >= LogLevel.Error)
        .Select(r => $"{r.Category}: {r.Message} {r.Exception?.Message}")
        .ToList();

    public void Dispose() => logs.Dispose();
}
