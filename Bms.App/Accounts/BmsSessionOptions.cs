namespace SsoSuite.Bms.Accounts;

/// <summary>How long BMS sessions live (section <c>Sessions</c>), on top of which a back-channel logout ends them at once.</summary>
public sealed class BmsSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>Without a request for this long the session cookie lapses (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);
    /// <summary>A BMS session ends this long after its sign-in however active it is (SPEC rule 14).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>
    /// KaseyaOne's absolute session lifetime (its <c>Sessions:AbsoluteLifetime</c>): a session from KaseyaOne ends no
    /// later than its auth_time plus this, even if the back-channel logout never arrives.
    /// </summary>
    public TimeSpan KaseyaOneSessionLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Ended sessions and seen logout-token ids are pruned this long after they stopped mattering.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public bool IsValid =>
        IdleTimeout > TimeSpan.Zero && AbsoluteLifetime >= IdleTimeout && KaseyaOneSessionLifetime > TimeSpan.Zero && Retention > TimeSpan.Zero;

    /// <summary>When a session started now ends at the latest.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset now, KaseyaOneSessionOrigin? kaseyaOne)
    {
        var own = now + AbsoluteLifetime;
        return kaseyaOne?.AuthenticatedAt is { } authTime && authTime + KaseyaOneSessionLifetime < own
            ? authTime + KaseyaOneSessionLifetime
            : own;
    }
}
