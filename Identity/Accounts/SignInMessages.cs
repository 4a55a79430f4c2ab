namespace SsoSuite.Identity.Accounts;

/// <summary>What the sign-in pages say. One generic message for any wrong credential (SPEC rule 13).</summary>
public static class SignInMessages
{
    public const string Failed = "The company name, username or password is incorrect.";
    public const string WrongCode = "That code is not valid or was already used. Enter the current 6-digit code from your authenticator app.";
    public const string LockedOut = "Too many failed attempts. This account is locked for a while: try again later.";
    public const string Inactive = "This KaseyaOne account is inactive. Ask your KaseyaOne administrator to reactivate it.";
    public const string TooManyAttempts = "Too many sign-in attempts for this account. Wait a minute and try again.";
    public const string Expired = "Your sign-in took too long. Please start again.";
}

/// <summary>Where a sign-in page may send the browser next: local paths only, never another site.</summary>
public static class ReturnUrls
{
    public static string Safe(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 4096 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    /// <summary>True when the sign-in was started by a relying party's authorization request.</summary>
    public static bool IsAuthorizationRequest(string? returnUrl) =>
        Safe(returnUrl).StartsWith(Oidc.OidcEndpoints.AuthorizePath, StringComparison.OrdinalIgnoreCase);
}
