using System.Net;
using System.Threading.Channels;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>A relying party's back-channel endpoint: records each request KaseyaOne sends and answers <see cref="Answer"/> (200 unless told).</summary>
public sealed class CapturingHandler : HttpMessageHandler
{
    /// <summary>What the client answers from now on: 503 plays a client that is down.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    private readonly Channel<(Uri Uri, Dictionary<string, string> Form)> received = Channel.CreateUnbounded<(Uri, Dictionary<string, string>)>();

    private int count;

    /// <summary>How many requests KaseyaOne has sent here so far.</summary>
    public int Count => Volatile.Read(ref count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString());
        await received.Writer.WriteAsync((request.RequestUri!, form), cancellationToken);
        return new HttpResponseMessage(Answer);
    }

    private readonly List<(Uri Uri, Dictionary<string, string> Form)> seen = [];

    /// <summary>The first request (received already or soon) that matches, waiting a bounded time for it.</summary>
    public async Task<(Uri Uri, Dictionary<string, string> Form)> WaitForAsync(
        Func<Dictionary<string, string>, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (seen)
            {
                foreach (var request in seen)
                {
                    if (match(request.Form))
                    {
                        return request;
                    }
                }
            }
            var next = await received.Reader.ReadAsync(cts.Token);
            lock (seen)
            {
                seen.Add(next);
            }
        }
    }
}
