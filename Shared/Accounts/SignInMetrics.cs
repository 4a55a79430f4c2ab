using System.Diagnostics.Metrics;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Shared.Accounts;

/// <summary>
/// Why a sign-in step failed: <see cref="Reason"/> is what the audit and the logs say, <see cref="Cause"/> the
/// <c>cause</c> tag of the failure counter (a short, fixed set an operator can alert on).
/// </summary>
public sealed record SignInFailure(string Cause, string Reason)
{
    public static readonly SignInFailure UnknownAccount = new("unknown_account", "unknown account");
    public static readonly SignInFailure WrongPassword = new("wrong_password", "wrong password");
    public static readonly SignInFailure WrongCurrentPassword = new("wrong_password", "wrong current password");
    public static readonly SignInFailure WrongCode = new("wrong_code", "wrong code");
    public static readonly SignInFailure ReplayedCode = new("replayed_code", "replayed code");
    public static readonly SignInFailure WrongEnrolmentCode = new("wrong_code", "wrong enrolment code");
    public static readonly SignInFailure WrongCurrentCode = new("wrong_code", "wrong current code at Configure MFA");
    public static readonly SignInFailure WrongEmailCode = new("wrong_code", "wrong email verification code");
    public static readonly SignInFailure LockedOut = new("locked_out", "locked out");
    public static readonly SignInFailure Inactive = new("inactive", "inactive");
    /// <summary>SPEC rule 4: BMS's own pages are for employees.</summary>
    public static readonly SignInFailure NotEmployee = new("not_employee", "not an employee");

    /// <summary>A code that did not pass: replayed (SPEC rule 1) or simply wrong.</summary>
    public static SignInFailure OfCode(bool replayed) => replayed ? ReplayedCode : WrongCode;
}

/// <summary>
/// The sign-in counters of one app (meter <c>{app}.accounts</c>), defined once for both: <c>{app}.signins</c> (a session
/// started, by <c>method</c>), <c>{app}.signin.failures</c> (by <c>cause</c> and <c>channel</c>) and <c>{app}.lockouts</c>.
/// </summary>
public sealed class SignInMetrics
{
    private readonly Counter<long> signIns;
    private readonly Counter<long> failures;
    private readonly Counter<long> lockouts;

    public SignInMetrics(IMeterFactory meters, AppTelemetry app)
    {
        var meter = app.CreateMeter(meters, "accounts");
        signIns = meter.CreateCounter<long>(app.Instrument("signins"), "{sign-in}",
            "Sign-ins completed: every step passed and a session started.");
        failures = meter.CreateCounter<long>(app.Instrument("signin.failures"), "{failure}",
            "Sign-in steps that failed or were refused, by cause.");
        lockouts = meter.CreateCounter<long>(app.Instrument("lockouts"), "{lockout}",
            "Accounts locked after too many failures in a row (SPEC rule 13).");
    }

    /// <summary>The <c>method</c> of a sign-in with the app's own password and code (BMS also has <c>kaseyaone</c>).</summary>
    public const string LocalMethod = "local";

    public void SignedIn(string method) => signIns.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Failed(SignInFailure failure, string channel) =>
        failures.Add(1, new KeyValuePair<string, object?>("cause", failure.Cause), new KeyValuePair<string, object?>("channel", channel));

    public void LockedOut(string channel) => lockouts.Add(1, new KeyValuePair<string, object?>("channel", channel));
}
