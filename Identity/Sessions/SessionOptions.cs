using SsoSuite.Shared.Sessions;

namespace SsoSuite.Identity.Sessions;

/// <summary>How long KaseyaOne sessions live and how their ends are delivered (section <c>Sessions</c>).</summary>
public sealed class SessionOptions : SessionLifetimeOptions
{
    /// <summary>Last activity is written at most this often per session, so a busy browser does not write on every request.</summary>
    public TimeSpan ActivityWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often the background work looks for due deliveries, sessions past their lifetime and rows to prune.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    public LogoutDeliveryOptions Delivery { get; set; } = new();

    public override string? Error() =>
        base.Error()
        ?? (ActivityWriteInterval < TimeSpan.Zero ? "Sessions:ActivityWriteInterval must not be negative."
            : SweepInterval <= TimeSpan.Zero ? "Sessions:SweepInterval must be positive."
            : Delivery.Error());
}

/// <summary>Back-channel logout deliveries (section <c>Sessions:Delivery</c>).</summary>
public sealed class LogoutDeliveryOptions
{
    /// <summary>One HTTP attempt waits at most this long for the client's answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Quick retries within one delivery (transient failures, a short Retry-After) before the outbox takes over.</summary>
    public int ImmediateRetries { get; set; } = 2;
    /// <summary>The outbox's first wait after a failed delivery; it doubles each time up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>A delivery not done this long after the session ended is given up (and audited).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How long a request that ended sessions (a sign-out page, an admin action) waits for the first attempts.</summary>
    public TimeSpan InlineWait { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>A claimed delivery whose process died is free to claim again after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    public string? Error() =>
        AttemptTimeout <= TimeSpan.Zero ? "Sessions:Delivery:AttemptTimeout must be positive."
        : InlineWait < TimeSpan.Zero ? "Sessions:Delivery:InlineWait must not be negative."
        : ImmediateRetries is < 0 or > 5 ? "Sessions:Delivery:ImmediateRetries must be between 0 and 5."
        : FirstDelay <= TimeSpan.Zero || MaxDelay < FirstDelay ? "Sessions:Delivery:FirstDelay must be positive and at most MaxDelay."
        : GiveUpAfter < FirstDelay ? "Sessions:Delivery:GiveUpAfter must be at least FirstDelay."
        : ClaimLease <= AttemptTimeout * (ImmediateRetries + 1) ? "Sessions:Delivery:ClaimLease must outlast a delivery's attempts."
        : null;
}
