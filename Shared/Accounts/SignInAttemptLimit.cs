using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SsoSuite.Shared.Accounts;

/// <summary>
/// SPEC rule 13: sign-in posts (password, code and enrolment steps) per account and minute
/// (<c>RateLimits:SignInPostsPerAccountPerMinute</c>). The per-address limit stops one client from trying many
/// accounts; this one stops many clients from trying one account together. The lockout alone would let them
/// lock it, but not cap how fast they guess until it does.
/// </summary>
/// <remarks>
/// An account is named by company and username as typed (normalised), whether or not it exists: keyed on
/// existing accounts only, the limit would tell a stranger which accounts exist. Windows are whole minutes of
/// the app's <see cref="TimeProvider"/>, so tests hold or move them; a new window forgets the last one's counts.
/// </remarks>
public sealed class SignInAttemptLimit(IOptions<SignInRateLimitOptions> options, TimeProvider clock, ILogger<SignInAttemptLimit> logger)
{
    /// <summary>
    /// Accounts counted in one minute at most, so that names made up by the thousand cannot grow memory without
    /// bound. Past it, further accounts go uncounted until the next minute (the lockout still holds for them):
    /// refusing them instead would lock every account out for anyone who floods the form.
    /// </summary>
    public const int MaxAccountsPerMinute = 100_000;

    private readonly Lock gate = new();
    private Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private long window = long.MinValue;
    private bool warned;

    /// <summary>
    /// Counts one post at the account <paramref name="normalizedCompany"/> / <paramref name="normalizedUserName"/>
    /// (each app's own normalisation of what was typed, or of the account's stored names); false once this
    /// minute's allowance is used up, and then the post must not be checked at all.
    /// </summary>
    public bool TryAttempt(string normalizedCompany, string normalizedUserName)
    {
        var key = normalizedCompany + "\n" + normalizedUserName;
        var minute = clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;
        lock (gate)
        {
            if (minute != window)
            {
                window = minute;
                counts = new Dictionary<string, int>(StringComparer.Ordinal);
                warned = false;
            }
            var used = counts.GetValueOrDefault(key);
            if (used >= options.Value.SignInPostsPerAccountPerMinute)
            {
                return false;
            }
            if (used == 0 && counts.Count >= MaxAccountsPerMinute)
            {
                if (!warned)
                {
                    warned = true;
                    logger.LogWarning("More than {Max} accounts tried in one minute: further ones go uncounted until the next", MaxAccountsPerMinute);
                }
                return true;
            }
            counts[key] = used + 1;
            return true;
        }
    }
}
