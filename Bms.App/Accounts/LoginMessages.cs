namespace SsoSuite.Bms.Accounts;

/// <summary>
/// What the login page says. Other pages and features send the user back to the login page with a
/// message <em>code</em> (<c>/Accounts/Login?message=signed_out</c>, or TempData under
/// <see cref="TempDataKey"/>); only codes listed here are shown. Arbitrary text from a query string
/// would let anyone put their words on the BMS login page (phishing).
/// </summary>
public static class LoginMessages
{
    public const string TempDataKey = "LoginMessage";

    // Messages of the local sign-in steps. One generic message for any wrong credential (SPEC rule 13).
    /// <summary>
    /// Also the answer to a locked user at the password step: a distinct lockout message there would tell a
    /// stranger that the user exists (unknown users never lock).
    /// </summary>
    public const string Failed = "The company, username or password is incorrect, or too many failed attempts locked the user for a while.";
    public const string WrongCode = "That code is not valid or was already used. Enter the current 6-digit code from your authenticator app.";
    public const string LockedOut = "Too many failed attempts. This user is locked for a while: try again later.";
    public const string Inactive = "This BMS user is inactive. Ask your BMS administrator to reactivate it.";

    // Codes another page may send.
    public const string SignedOut = "signed_out";
    public const string Expired = "expired";
    public const string KaseyaOneInactive = "kaseyaone_inactive";
    public const string KaseyaOneEmailMismatch = "kaseyaone_email_mismatch";
    public const string KaseyaOneNotEmployee = "kaseyaone_not_employee";
    public const string KaseyaOneIntegrationOff = "kaseyaone_integration_off";
    public const string KaseyaOneWrongTenant = "kaseyaone_wrong_tenant";
    public const string KaseyaOneNotLinked = "kaseyaone_not_linked";
    public const string KaseyaOneBmsUserInactive = "kaseyaone_bms_user_inactive";
    public const string KaseyaOneLinkedElsewhere = "kaseyaone_linked_elsewhere";
    public const string KaseyaOneFailed = "kaseyaone_failed";
    public const string KaseyaOneUntrustedIssuer = "kaseyaone_untrusted_issuer";
    public const string KaseyaOneUntrustedTarget = "kaseyaone_untrusted_target";

    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        [SignedOut] = "You have signed out.",
        [Expired] = "Your sign-in took too long. Please start again.",
        [KaseyaOneInactive] = "Your KaseyaOne account is inactive, so KaseyaOne did not sign you in. Log in with your BMS username and password, or ask your KaseyaOne administrator.",
        [KaseyaOneEmailMismatch] = "The email address of your KaseyaOne account does not match the email address of your BMS user, so you cannot log in with KaseyaOne. Ask your BMS administrator to align them.",
        [KaseyaOneNotEmployee] = "Only employee users can log in with KaseyaOne. Log in with your BMS username and password.",
        [KaseyaOneIntegrationOff] = "Login with KaseyaOne is not enabled for this company. Log in with your BMS username and password.",
        [KaseyaOneWrongTenant] = "Your KaseyaOne account belongs to a KaseyaOne tenant that is not connected to this BMS company.",
        [KaseyaOneBmsUserInactive] = "Your BMS user is inactive. Ask your BMS administrator to reactivate it.",
        [KaseyaOneLinkedElsewhere] = "This KaseyaOne account is already linked to another BMS user. A KaseyaOne account can be linked to one BMS user only.",
        [KaseyaOneFailed] = "KaseyaOne did not complete the sign-in. Please try again, or log in with your BMS username and password.",
        [KaseyaOneUntrustedIssuer] = "That sign-in request did not come from the KaseyaOne this BMS is connected to.",
        [KaseyaOneUntrustedTarget] = "That sign-in request pointed outside BMS, so it was not followed.",
        [KaseyaOneNotLinked] = "Login with KaseyaOne is disabled for your BMS user. Log in with your BMS username and password, then enable it in My Settings.",
    };

    /// <summary>The message for a known code; null for anything else.</summary>
    public static string? For(string? code) =>
        code is { Length: <= 64 } && ByCode.TryGetValue(code, out var message) ? message : null;
}
