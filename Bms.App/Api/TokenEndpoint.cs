using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Api;

/// <summary>
/// The body of <c>POST /api/v1/auth/token</c>. Minimal-API binding reads it (JSON only: any other content type is
/// 415, a body that is not a JSON object of strings is 400) and .NET validation checks these attributes before the
/// handler runs, so a malformed request is an RFC 9457 problem and never reaches the sign-in checks.
/// </summary>
public sealed record TokenRequest(
    [Required, MaxLength(TokenEndpoint.MaxFieldLength)] string Tenant,
    [Required, MaxLength(TokenEndpoint.MaxFieldLength)] string Username,
    [Required, MaxLength(TokenEndpoint.MaxFieldLength)] string Password,
    [Required, MaxLength(TokenEndpoint.MaxFieldLength)] string Code);

/// <summary>A bearer token and its lifetime in seconds.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary><c>POST /api/v1/auth/token</c>: a valid request's credentials and code, checked in the order of SPEC rule 12.</summary>
public sealed class TokenEndpoint(
    UserSignIn signIn, PasswordSignIn<BmsUser> passwords, TotpAuthenticator<BmsUser> authenticator, ApiTokens tokens, TokenRateLimits limits, AuditLog audit,
    ILogger<TokenEndpoint> logger)
{
    public const int MaxFieldLength = 200;
    private const string Channel = "API token";
    /// <summary>One title for every credential failure: which part was wrong is not told (SPEC rule 13).</summary>
    public const string InvalidCredentials = "Invalid tenant, username, password or code.";

    public async Task<IResult> HandleAsync(TokenRequest request, HttpContext http)
    {
        var ct = http.RequestAborted;
        if (!limits.TryAcquire(request.Tenant, request.Username))
        {
            return TokenRateLimits.TooManyRequests();
        }

        var check = await signIn.CheckPasswordAsync(request.Tenant, request.Username, request.Password, Channel, ct);
        var user = check.Account;
        switch (check.Outcome)
        {
            case PasswordOutcome.Failed:
                if (user is not null)
                {
                    await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Failed, "wrong password", ct);
                }
                return Unauthorized();
            case PasswordOutcome.LockedOut:
                await audit.RecordAsync(user!.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Refused, "locked out", ct);
                return LockedOut();
            case PasswordOutcome.Inactive:
                await audit.RecordAsync(user!.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Refused, "inactive user", ct);
                return Forbidden("This user is inactive.", "Only active Employee users can get an API token.");
        }

        if (user is null)
        {
            return Unauthorized();
        }
        if (user.UserType == BmsUserType.Api)
        {
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Refused, "API user", ct);
            return Forbidden("API users cannot get a token: use an Employee user with MFA configured.",
                "A token needs a TOTP code and API users cannot configure MFA. Create an Employee user, sign in as it, " +
                "and configure MFA in My Profile.");
        }
        if (user.UserType != BmsUserType.Employee)
        {
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Refused, $"{user.UserType} user", ct);
            return Forbidden("Client portal users cannot use the integration API: use an Employee user with MFA configured.",
                "Only Employee users with MFA configured can get an API token.");
        }
        if (!user.MfaConfigured)
        {
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Refused, "MFA not configured", ct);
            return Forbidden("Configure MFA in My Profile first.",
                "A token needs a TOTP code: sign in to BMS as this user, open My Profile and configure MFA.");
        }

        var outcome = await authenticator.VerifyAsync(user, request.Code, ct);
        if (outcome != TotpOutcome.Accepted)
        {
            var failure = SignInFailure.OfCode(outcome == TotpOutcome.Replayed);
            var locked = await passwords.RecordFailureAsync(user, Channel, failure, ct);
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Failed, failure.Reason, ct);
            return locked ? LockedOut() : Unauthorized();
        }

        await passwords.ResetFailuresAsync(user, ct);
        var token = await tokens.IssueAsync(user, ct);
        await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Succeeded,
            $"issued for {(int)tokens.Lifetime.TotalSeconds} s", ct);
        logger.LogInformation("API token issued to user {UserId}", user.Id);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds));
    }

    private static IResult Unauthorized() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: InvalidCredentials);

    private static IResult LockedOut() => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
        title: "Too many failed attempts; try again later.",
        detail: "This account is temporarily locked after repeated failures.");

    private static IResult Forbidden(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);
}
