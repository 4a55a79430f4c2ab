using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SsoSuite.Identity.Tests.Hosting;

/// <summary>An OpenTelemetry collector's OTLP/HTTP receiver on a free loopback port: keeps every export it is sent.</summary>
public sealed class FakeCollector : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeCollector(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Signal, byte[] Body)> Received { get; } = new();

    public Uri Endpoint => new(app.Urls.First());

    public static async Task<FakeCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var collector = new FakeCollector(builder.Build());
        collector.app.MapPost("/v1/{signal}", async (string signal, HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            collector.Received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await collector.app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
