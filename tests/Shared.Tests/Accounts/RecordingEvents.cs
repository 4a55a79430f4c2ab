using System.Collections.Concurrent;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>What an app's hook (BMS's audit log) would have recorded.</summary>
public sealed class RecordingEvents : ISignInEvents<TestAccount>
{
    public ConcurrentQueue<string> Recorded { get; } = new();

    public Task FailedAsync(TestAccount account, string channel, string reason, CancellationToken ct) => Add($"failed: {reason}");

    public Task LockedOutAsync(TestAccount account, DateTimeOffset until, CancellationToken ct) => Add($"locked until {until:O}");

    public Task RefusedAsync(TestAccount account, string channel, string reason, CancellationToken ct) => Add($"refused: {reason}");

    private Task Add(string entry)
    {
        Recorded.Enqueue(entry);
        return Task.CompletedTask;
    }
}
