using OtpNet;

namespace SsoSuite.Shared.Mfa;

/// <summary>The outcome of checking a 6-digit code against a TOTP secret.</summary>
public enum TotpOutcome
{
    /// <summary>The code matches a time step newer than the last one accepted.</summary>
    Accepted,
    /// <summary>Not six digits, or matches no step within the drift window.</summary>
    Invalid,
    /// <summary>The code matches a step that was already used: a code is accepted once (SPEC rule 1).</summary>
    Replayed,
}

/// <summary>The result of a check; <see cref="Step"/> is the matched RFC 6238 time step.</summary>
public readonly record struct TotpCheck(TotpOutcome Outcome, long Step)
{
    public bool IsAccepted => Outcome == TotpOutcome.Accepted;
}

/// <summary>
/// RFC 6238 codes as every authenticator app makes them: SHA-1, 30-second steps, 6 digits,
/// with one step of clock drift either way. Secrets are 20 random bytes (RFC 4226 §4 recommends 160 bits).
/// </summary>
public sealed class TotpCodes(TimeProvider clock)
{
    public const int Digits = 6;
    public const int StepSeconds = 30;
    private const int SecretBytes = 20;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>Reads a base32 secret as typed by a person: spaces and case do not matter.</summary>
    public static byte[]? FromBase32(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        if (cleaned.Length is < 16 or > 128 || cleaned.Any(c => !(c is >= 'A' and <= 'Z' or >= '2' and <= '7')))
        {
            return null;
        }
        return Base32Encoding.ToBytes(cleaned);
    }

    /// <summary>True when the text is exactly six ASCII digits (spaces around are forgiven).</summary>
    public static bool IsWellFormed(string? code) =>
        code is not null && code.Trim() is { Length: Digits } trimmed && trimmed.All(char.IsAsciiDigit);

    /// <summary>
    /// Checks a code. <paramref name="lastAcceptedStep"/> is the step of the last code this secret
    /// accepted; a match at or before it is a replay. The caller must then record the new step
    /// atomically (a conditional update), so two requests racing with one code cannot both win.
    /// </summary>
    public TotpCheck Check(byte[] secret, string? code, long lastAcceptedStep)
    {
        if (!IsWellFormed(code))
        {
            return new TotpCheck(TotpOutcome.Invalid, 0);
        }
        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!totp.VerifyTotp(now, code!.Trim(), out var step, VerificationWindow.RfcSpecifiedNetworkDelay))
        {
            return new TotpCheck(TotpOutcome.Invalid, 0);
        }
        return step > lastAcceptedStep
            ? new TotpCheck(TotpOutcome.Accepted, step)
            : new TotpCheck(TotpOutcome.Replayed, step);
    }

    /// <summary>The code an authenticator shows now (used by the demo printout and by tests).</summary>
    public static string CodeAt(byte[] secret, DateTimeOffset when) =>
        new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(when.UtcDateTime);
}
