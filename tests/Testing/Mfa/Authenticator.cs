using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace SsoSuite.Testing.Mfa;

/// <summary>
/// What a user's authenticator app does, for the apps under test: RFC 6238 codes (SHA-1, 30 seconds, 6 digits)
/// read off the same <see cref="FakeTimeProvider"/> the apps were given. Each code works once per account and
/// step, so when a test needs another code within the same step the clock is moved to the next step's start,
/// which is what waiting for it would have done, without the wait. Otherwise the clock moves only when a test
/// moves it, or catches up with the real time when a code is asked for.
/// </summary>
public sealed class Authenticator(FakeTimeProvider clock)
{
    private const int StepSeconds = 30;
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> lastStep = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> secrets = new(StringComparer.Ordinal);

    /// <summary>A clock starting at the real time and moving only when a test moves it.</summary>
    public Authenticator() : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    public FakeTimeProvider Clock => clock;

    /// <summary>Remembers the secret an account enrolled with (the enrolment page's manual key).</summary>
    public void Enrol(string company, string userName, string base32Secret)
    {
        lock (gate)
        {
            secrets[Account(company, userName)] = base32Secret;
        }
    }

    public bool Knows(string company, string userName)
    {
        lock (gate)
        {
            return secrets.ContainsKey(Account(company, userName));
        }
    }

    public string SecretOf(string company, string userName)
    {
        lock (gate)
        {
            return secrets.TryGetValue(Account(company, userName), out var secret)
                ? secret
                : throw new InvalidOperationException($"No authenticator is enrolled for {userName} of {company}.");
        }
    }

    /// <summary>The next code of an enrolled account.</summary>
    public string NextCodeFor(string company, string userName) => NextCode(SecretOf(company, userName));

    /// <summary>The code for the current step, or the next step's (moving the clock there) when this one was used.</summary>
    public string NextCode(string base32Secret)
    {
        lock (gate)
        {
            // Never behind the real clock when a code is asked for: browsers and token handlers judge the
            // cookies and tokens the apps issue on real time.
            if (clock.GetUtcNow() < DateTimeOffset.UtcNow)
            {
                clock.SetUtcNow(DateTimeOffset.UtcNow);
            }
            var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
            var step = Math.Max(now, lastStep.GetValueOrDefault(base32Secret) + 1);
            if (step > now)
            {
                clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds));
            }
            lastStep[base32Secret] = step;
            return CodeAt(base32Secret, step);
        }
    }

    /// <summary>The code already used last: the apps must refuse it as a replay.</summary>
    public string LastCode(string base32Secret)
    {
        lock (gate)
        {
            return CodeAt(base32Secret, lastStep[base32Secret]);
        }
    }

    // Company and user names are compared as the apps normalise them.
    private static string Account(string company, string userName) =>
        company.Trim().ToUpperInvariant() + "/" + userName.Trim().ToUpperInvariant();

    private static string CodeAt(string base32Secret, long step) =>
        new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);
}
