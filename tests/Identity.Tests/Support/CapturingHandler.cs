using System.Net;
using System.Threading.Channels;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>A relying party's back-channel endpoint: records each request KaseyaOne sends and answers <see cref="Answer"/> (200 unless told).</summary>
public sealed class CapturingHandler : HttpMessageHandler
{
    /// <summary>What the client answers from now on: 503 plays a client that is down.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>The reason phrase of the answer; null for the status code's usual one.</summary>
    public string? ReasonPhrase { get; set; }

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
        var response = new HttpResponseMessage(Answer) { ReasonPhrase = ReasonPhrase };
        if (StallBody)
        {
            response.Content = new StreamContent(new StalledStream(this));
        }
        return response;
    }

    /// <summary>
    /// Answers from now on send their status and headers, then a body that never comes: a read of it waits until
    /// <see cref="EndStalledBodies"/>. Plays a client (or a proxy before it) that hangs after the headers.
    /// </summary>
    public bool StallBody { get; set; }

    private readonly TaskCompletionSource bodyRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource bodiesEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when KaseyaOne first starts reading a stalled body.</summary>
    public Task BodyReadStarted => bodyRead.Task;

    /// <summary>Every stalled body ends now (empty), so that whoever waits on one can finish.</summary>
    public void EndStalledBodies() => bodiesEnd.TrySetResult();

    private sealed class StalledStream(CapturingHandler owner) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            owner.bodyRead.TrySetResult();
            await owner.bodiesEnd.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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
