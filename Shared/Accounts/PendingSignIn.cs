using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace SsoSuite.Shared.Accounts;

/// <summary>
/// A sign-in under way, kept in the app's short-lived pending cookie (protected by Data Protection like
/// any authentication cookie): whose password was accepted, a stamp of that password, the authenticator secret offered
/// to this attempt when the account has none yet, and whether the code step is done (only an administrator-chosen
/// password still to replace remains then). No session exists in this state (SPEC rule 1).
/// </summary>
public sealed record PendingSignIn(Guid AccountId, string PasswordStamp, string? EnrolmentSecret = null, bool CodeAccepted = false)
{
    private const string AccountClaim = "pending_account";
    private const string PasswordStampClaim = "pending_password";
    private const string EnrolmentClaim = "pending_enrolment";
    private const string CodeAcceptedClaim = "pending_code_accepted";

    /// <summary>The pending sign-in of an account whose password was just accepted.</summary>
    public static PendingSignIn For(ISignInAccount account, string? enrolmentSecret = null) =>
        new(account.Id, StampOf(account), enrolmentSecret);

    /// <summary>
    /// Whether this pending sign-in may still go on for <paramref name="account"/>: only while the password accepted at
    /// its first step, and the authenticator it was (or is to be) checked against, are still the account's. A password
    /// changed or reset since (by its owner elsewhere, or by an administrator who suspects it is known) ends every
    /// sign-in under way with it, as it ends every session: whoever proved the old password must not finish with the
    /// code alone (SPEC rule 13). Likewise an MFA reset: a code accepted from the authenticator the administrator just
    /// took away must not become a session after the reset ended every other one (SPEC rules 1 and 9).
    /// </summary>
    public bool IsStillValidFor(ISignInAccount account) =>
        account.Id == AccountId
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PasswordStamp), Encoding.ASCII.GetBytes(StampOf(account)));

    /// <summary>
    /// A digest of the stored password hash and the stored (protected) authenticator secret: the hash gets a new salt at
    /// every change, so the digest changes with any new password, even the same one set again, and with any new
    /// authenticator or none. The cookie is encrypted anyway; the digest keeps even the salted hash out of it. A sign-in
    /// that enrols the authenticator takes a new stamp once the code confirmed it (<see cref="CodeAcceptedFor"/>).
    /// </summary>
    private static string StampOf(ISignInAccount account) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(account.PasswordHash + "\n" + account.TotpSecret)), 0, 16);

    /// <summary>
    /// The code step is done for <paramref name="account"/> (as it is stored now, with any authenticator this sign-in
    /// just enrolled): only an administrator-chosen password still to replace remains.
    /// </summary>
    public static PendingSignIn CodeAcceptedFor(ISignInAccount account) => For(account) with { CodeAccepted = true };

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var identity = new ClaimsIdentity(scheme);
        identity.AddClaim(new Claim(AccountClaim, AccountId.ToString()));
        identity.AddClaim(new Claim(PasswordStampClaim, PasswordStamp));
        if (EnrolmentSecret is not null)
        {
            identity.AddClaim(new Claim(EnrolmentClaim, EnrolmentSecret));
        }
        if (CodeAccepted)
        {
            identity.AddClaim(new Claim(CodeAcceptedClaim, "true"));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The pending sign-in a principal of the pending cookie carries, or null (also for one without a stamp).</summary>
    public static PendingSignIn? From(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(AccountClaim)?.Value, out var id)
        && principal!.FindFirst(PasswordStampClaim)?.Value is { Length: > 0 } stamp
            ? new PendingSignIn(id, stamp, principal.FindFirst(EnrolmentClaim)?.Value, principal.HasClaim(CodeAcceptedClaim, "true"))
            : null;
}
