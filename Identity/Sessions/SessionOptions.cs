namespace SsoSuite.Identity.Sessions;

/// <summary>How long KaseyaOne sessions live and how their ends are delivered (section <c>Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>Without a request for this long the session cookie lapses (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);
    /// <summary>A session ends this long after its sign-in however active it is (SPEC rule 14).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Last activity is written at most this often per session, so a busy browser does not write on every request.</summary>
    public TimeSpan ActivityWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often the background work looks for due deliveries, sessions past their lifetime and rows to prune.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Ended sessions, finished deliveries and OpenIddict's dead tokens are kept this long (for My sessions' history and admins).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public LogoutDeliveryOptions Delivery { get; set; } = new();

    public bool IsValid(out string? error)
    {
        error = (IdleTimeout > TimeSpan.Zero, AbsoluteLifetime >= IdleTimeout, ActivityWriteInterval >= TimeSpan.Zero,
                SweepInterval > TimeSpan.Zero, Retention > TimeSpan.Zero) switch
        {
            (false, _, _, _, _) => "Sessions:IdleTimeout must be positive.",
            (_, false, _, _, _) => "Sessions:AbsoluteLifetime must be at least Sessions:IdleTimeout.",
            (_, _, false, _, _) => "Sessions:ActivityWriteInterval must not be negative.",
            (_, _, _, false, _) => "Sessions:SweepInterval must be positive.",
            (_, _, _, _, false) => "Sessions:Retention must be positive.",
            _ => Delivery.Error(),
        };
        return error is null;
    }
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
