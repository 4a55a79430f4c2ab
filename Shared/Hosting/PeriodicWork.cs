using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Background work that runs at start and then every <see cref="Interval"/> on the app's clock (so tests move it with
/// a fake one). A failed run is logged and the next one tries again: the work must keep nothing only in memory.
/// </summary>
public abstract class PeriodicWork(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;
    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run; tests call it directly to run it now.</summary>
    public abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Logger.LogError(e, "{Work} failed; the next run tries again", GetType().Name);
                }
                await Task.Delay(Interval, Clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app stops, also when its start failed after this work began (a port in use, say): the work ends, and
            // the host must not report it as a failed background service on top of the start's own reason.
        }
    }
}
