using System.Collections.Concurrent;
using OtpNet;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>
/// What the user's authenticator app does: turns a base32 secret into the current 6-digit code.
/// Each secret's codes are handed out for strictly increasing time steps (the provider accepts a code
/// once, with one step of drift), waiting for the clock only when a test needs many codes quickly.
/// </summary>
public static class Authenticator
{
    private static readonly ConcurrentDictionary<string, long> LastStep = new();

    public static string NextCode(string base32Secret)
    {
        var secret = Base32Encoding.ToBytes(base32Secret);
        lock (LastStep)
        {
            var now = CurrentStep();
            var step = Math.Max(now, LastStep.GetValueOrDefault(base32Secret) + 1);
            while (step > CurrentStep() + 1)
            {
                Thread.Sleep(500);
            }
            LastStep[base32Secret] = step;
            return new Totp(secret).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
        }
    }

    /// <summary>A code for the step already used last: the provider must refuse it as a replay.</summary>
    public static string LastCode(string base32Secret) =>
        new Totp(Base32Encoding.ToBytes(base32Secret))
            .ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(LastStep[base32Secret] * 30).UtcDateTime);

    private static long CurrentStep() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
}
