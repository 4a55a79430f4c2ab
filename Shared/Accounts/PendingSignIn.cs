using System.Security.Claims;

namespace SsoSuite.Shared.Accounts;

/// <summary>
/// A sign-in under way, kept in the app's short-lived pending cookie (protected by Data Protection like
/// any authentication cookie): whose password was accepted, the authenticator secret offered to this
/// attempt when the account has none yet, and whether the code step is done (only an administrator-chosen
/// password still to replace remains then). No session exists in this state (SPEC rule 1).
/// </summary>
public sealed record PendingSignIn(Guid AccountId, string? EnrolmentSecret = null, bool CodeAccepted = false)
{
    private const string AccountClaim = "pending_account";
    private const string EnrolmentClaim = "pending_enrolment";
    private const string CodeAcceptedClaim = "pending_code_accepted";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var identity = new ClaimsIdentity(scheme);
        identity.AddClaim(new Claim(AccountClaim, AccountId.ToString()));
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

    /// <summary>The pending sign-in a principal of the pending cookie carries, or null.</summary>
    public static PendingSignIn? From(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(AccountClaim)?.Value, out var id)
            ? new PendingSignIn(id, principal!.FindFirst(EnrolmentClaim)?.Value, principal.HasClaim(CodeAcceptedClaim, "true"))
            : null;
}
