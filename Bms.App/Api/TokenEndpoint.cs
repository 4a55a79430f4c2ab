using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Audit;
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
    public const string TokenRequirements =
        "A token needs an active Employee user with MFA configured (My Profile > Configure MFA), its password and a " +
        "current code from its authenticator. Repeated failures lock the user for a while.";

    public async Task<IResult> HandleAsync(TokenRequest request, HttpContext http)
    {
        var ct = http.RequestAborted;
        if (!limits.TryAcquire(request.Tenant, request.Username))
        {
            return TokenRateLimits.TooManyRequests();
        }

        var check = await signIn.CheckPasswordAsync(request.Tenant, request.Username, request.Password, Channel, ct);
        var user = check.Account;
        // SPEC rule 13: every refusal up to the code looks the same to the caller (one 401, one title, one
        // detail saying what a token needs), so it tells no stranger whether the tenant or user exists, is
        // locked, or that the password was right. The audit keeps the real reason for the tenant's admins.
        var refusal = check.Outcome switch
        {
            PasswordOutcome.Failed => "wrong password",
            PasswordOutcome.LockedOut => "locked out",
            PasswordOutcome.Inactive => "inactive user",
            _ when user is null => "unknown user",
            _ when user.UserType == BmsUserType.Api => "API user",
            _ when user.UserType != BmsUserType.Employee => $"{user.UserType} user",
            _ when !user.MfaConfigured => "MFA not configured",
            // SPEC rule 15: an initial password (which the admin who set it knows) is replaced before anything else; a token
            // taken with it would outlive the change.
            _ when user.MustChangePassword => "initial password not changed yet",
            _ => null,
        };
        if (refusal is not null || user is null)
        {
            if (user is not null)
            {
                await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken,
                    check.Outcome == PasswordOutcome.Failed ? AuditOutcomes.Failed : AuditOutcomes.Refused, refusal, ct);
            }
            return Unauthorized();
        }

        // The code step both apps' pages take (SPEC rules 1 and 13). This request's allowance was taken at the door
        // (TokenRateLimits, per tenant and username), so the step counts none of its own.
        var step = await passwords.CheckCodeAsync(user, tryAttempt: static () => true,
            () => authenticator.VerifyAsync(user, request.Code, ct), Channel, wrongCode: null, ct);
        if (step.Outcome != CodeStepOutcome.Accepted)
        {
            // A counted failure is audited as what it was (wrong or replayed), also one that locked the account; a right
            // code the account was locked against meanwhile, by wrong codes sent beside it, as refused.
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken,
                step.Counted is null ? AuditOutcomes.Refused : AuditOutcomes.Failed, step.Counted?.Reason ?? "locked out", ct);
            return Unauthorized();
        }

        await passwords.ResetFailuresAsync(user, ct);
        var token = await tokens.IssueAsync(user, ct);
        await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Succeeded,
            $"issued for {(int)tokens.Lifetime.TotalSeconds} s", ct);
        logger.LogInformation("API token issued to user {UserId}", user.Id);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds));
    }

    private static IResult Unauthorized() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: InvalidCredentials, detail: TokenRequirements);
}
