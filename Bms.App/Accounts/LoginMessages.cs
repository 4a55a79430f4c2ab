namespace SsoSuite.Bms.Accounts;

/// <summary>
/// What the login page says. Other pages and features send the user back to the login page with a
/// message <em>code</em> (<c>/Accounts/Login?message=signed_out</c>); only codes listed here, or the KaseyaOne integration's own
/// (<see cref="KaseyaOne.KaseyaOneMessages"/>), are shown. Arbitrary text from a query string
/// would let anyone put their words on the BMS login page (phishing).
/// </summary>
public static class LoginMessages
{
    // Messages of the local sign-in steps. One generic message for any wrong credential (SPEC rule 13).
    /// <summary>
    /// Also the answer to a locked user at the password step: a distinct lockout message there would tell a
    /// stranger that the user exists (unknown users never lock).
    /// </summary>
    public const string Failed = "The company, username or password is incorrect, or too many failed attempts locked the user for a while.";
    /// <summary>A blank field: nothing was checked, so nothing is said to be wrong or locked.</summary>
    public const string Missing = "Enter your company, username and password.";
    public const string WrongCode = "That code is not valid or was already used. Enter the current 6-digit code from your authenticator app.";
    public const string LockedOut = "Too many failed attempts. This user is locked for a while: try again later.";
    public const string Inactive = "This BMS user is inactive. Ask your BMS administrator to reactivate it.";
    public const string TooManyAttempts = "Too many login attempts for this user. Wait a minute and try again.";

    // Codes another page may send.
    public const string SignedOut = "signed_out";
    public const string Expired = "expired";
    public const string ClientPortalUser = "client_portal_user";
    public const string ApiUser = "api_user";

    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        [SignedOut] = "You have signed out.",
        [Expired] = "Your sign-in took too long. Please start again.",
        [ClientPortalUser] = "BMS is for employees: client portal users cannot log in here. Use your client portal instead.",
        [ApiUser] = "This is an API user: it cannot log in to BMS. Integrations use the BMS integration API with an Employee user.",
    };

    /// <summary>SPEC rule 4: the refusal code for a user type that may not use BMS's own pages; null for an employee.</summary>
    public static string? NotStaff(BmsUserType type) => type switch
    {
        BmsUserType.Employee => null,
        BmsUserType.Api => ApiUser,
        _ => ClientPortalUser,
    };

    /// <summary>The message for a known code (these, or the KaseyaOne integration's refusals); null for anything else.</summary>
    public static string? For(string? code) =>
        code is not { Length: <= 64 } ? null
        : ByCode.TryGetValue(code, out var message) ? message
        : KaseyaOne.KaseyaOneMessages.ForCode(code);
}
