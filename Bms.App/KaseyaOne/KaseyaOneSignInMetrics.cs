using System.Diagnostics.Metrics;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.KaseyaOne;

/// <summary>
/// <c>bms.kaseyaone.signins</c> (meter <c>bms.kaseyaone</c>): how each Log in with KaseyaOne ended, by <c>outcome</c>:
/// <c>signed_in</c>, <c>expired</c> (the round trip's state was gone), or the refusal's code as the login page shows it
/// (<c>kaseyaone_email_mismatch</c>, <c>kaseyaone_not_linked</c>, …; <see cref="KaseyaOneMessages.Code"/>).
/// </summary>
public sealed class KaseyaOneSignInMetrics
{
    public const string SignedIn = "signed_in";
    public const string Expired = "expired";

    private readonly Counter<long> signIns;

    public KaseyaOneSignInMetrics(IMeterFactory meters, AppTelemetry app) =>
        signIns = app.CreateMeter(meters, "kaseyaone").CreateCounter<long>(app.Instrument("kaseyaone.signins"), "{sign-in}",
            "Log in with KaseyaOne attempts, by outcome.");

    public void Ended(string outcome) => signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Refused(KaseyaOneRefusal refusal) => Ended(KaseyaOneMessages.Code(refusal));
}
