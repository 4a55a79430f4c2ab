namespace SsoSuite.Testing.Browsing;

/// <summary>
/// Holds every request for one path until <see cref="Open"/>: several browsers walk a journey up to the same step, and
/// are let go at once to race it (two admins completing the same round trip at the same moment).
/// </summary>
public sealed class RequestBarrier(string path, int browsers)
{
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string path = path;
    private readonly int browsers = browsers;
    private int arrived;

    /// <summary>Done once one request for the path is being held.</summary>
    public Task FirstArrived => firstArrived.Task;

    /// <summary>Done once <c>browsers</c> requests for the path are being held.</summary>
    public Task AllArrived => allArrived.Task;

    /// <summary>Lets every held request, and any later one, through together.</summary>
    public void Open() => open.TrySetResult();

    /// <summary>A browser's transport with this barrier in front of <paramref name="sites"/>.</summary>
    public HttpMessageHandler Before(HttpMessageHandler sites) => new Hold(this, sites);

    private sealed class Hold(RequestBarrier barrier, HttpMessageHandler sites) : DelegatingHandler(sites)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == barrier.path)
            {
                var arrived = Interlocked.Increment(ref barrier.arrived);
                barrier.firstArrived.TrySetResult();
                if (arrived == barrier.browsers)
                {
                    barrier.allArrived.TrySetResult();
                }
                await barrier.open.Task.WaitAsync(cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
