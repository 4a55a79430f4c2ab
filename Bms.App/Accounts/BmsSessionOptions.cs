using SsoSuite.Shared.Sessions;

namespace SsoSuite.Bms.Accounts;

/// <summary>How long BMS sessions live (section <c>Sessions</c>), on top of which a back-channel logout ends them at once.</summary>
public sealed class BmsSessionOptions : SessionLifetimeOptions
{
    /// <summary>
    /// KaseyaOne's absolute session lifetime (its <c>Sessions:AbsoluteLifetime</c>): a session from KaseyaOne ends no
    /// later than its auth_time plus this, even if the back-channel logout never arrives.
    /// </summary>
    public TimeSpan KaseyaOneSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public override string? Error() =>
        base.Error() ?? (KaseyaOneSessionLifetime <= TimeSpan.Zero ? "Sessions:KaseyaOneSessionLifetime must be positive." : null);

    /// <summary>When a session started now ends at the latest.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset now, KaseyaOneSessionOrigin? kaseyaOne)
    {
        var own = now + AbsoluteLifetime;
        return kaseyaOne?.AuthenticatedAt is { } authTime && authTime + KaseyaOneSessionLifetime < own
            ? authTime + KaseyaOneSessionLifetime
            : own;
    }
}
