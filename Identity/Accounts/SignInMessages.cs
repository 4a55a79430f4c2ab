using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Accounts;

/// <summary>What the sign-in pages say. One generic message for any wrong credential (SPEC rule 13).</summary>
public static class SignInMessages
{
    /// <summary>
    /// Also the answer to a locked account at the password step: a distinct lockout message there would tell a
    /// stranger that the account exists (unknown accounts never lock).
    /// </summary>
    public const string Failed = "The company name, username or password is incorrect, or too many failed attempts locked the account for a while.";
    public const string WrongCode = "That code is not valid or was already used. Enter the current 6-digit code from your authenticator app.";
    public const string LockedOut = "Too many failed attempts. This account is locked for a while: try again later.";
    public const string Inactive = "This KaseyaOne account is inactive. Ask your KaseyaOne administrator to reactivate it.";
    public const string TooManyAttempts = "Too many sign-in attempts for this account. Wait a minute and try again.";
    public const string Expired = "Your sign-in took too long. Please start again.";
}

/// <summary>Where a sign-in page may send the browser next: local paths only (<see cref="LocalUrl"/>), never another site.</summary>
public static class ReturnUrls
{
    /// <summary>True when the sign-in was started by a relying party's authorization request.</summary>
    public static bool IsAuthorizationRequest(string? returnUrl) =>
        LocalUrl.OrHome(returnUrl).StartsWith(Oidc.OidcEndpoints.AuthorizePath, StringComparison.OrdinalIgnoreCase);
}
